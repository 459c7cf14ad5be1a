package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Memory stays flat over a long loop: 2000 rounds of the sample at top speed through the shipped client route, in a
 * JVM of its own with a 128 MB heap ({@link LoopHeapProbe}), toward a server that reads everything. The heap in use
 * once everything is done is about what it was at round 100; every round opened exactly its two connections.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LoopMemoryTest {

    private static final Pattern HEAP = Pattern.compile("heap (early|late) (\\d+) at round (\\d+)");

    @Test
    void twoThousandRoundsInA128MegabyteHeapLeaveItAsItWasAtRound100() throws Exception {
        Process probe = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LoopHeapProbe.class.getName(),
                        "2000",
                        "100")
                .redirectErrorStream(true)
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(4, TimeUnit.MINUTES), out);
        assertEquals(0, probe.exitValue(), out);
        long early = -1;
        long late = -1;
        for (Matcher m = HEAP.matcher(out); m.find(); ) {
            if (m.group(1).equals("early")) {
                early = Long.parseLong(m.group(2));
                assertTrue(Integer.parseInt(m.group(3)) >= 100, m.group());
            } else {
                late = Long.parseLong(m.group(2));
                assertEquals("2000", m.group(3));
            }
        }
        assertTrue(early > 0 && late > 0, out);
        // Each round kept would be ~13 KB (two closed channels and their connections' state): 1900 rounds, ~25 MB.
        assertTrue(late < early + 3_000_000, "heap at round 100: " + early + " bytes, after round 2000: " + late);
        assertTrue(out.contains("rounds 1-2000 of 2000: 2 connections each, not-verified"), out);
        assertTrue(out.contains("accepted 4000\n"), out);
        assertEquals(List.of(), out.lines().filter(l -> l.contains("Exception")).toList(), out);
    }
}
