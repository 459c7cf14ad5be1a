package org.replaytcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.JarRunner;
import org.replaytcp.testing.SyntheticCapture;

/** The packaged jar, run as users run it. */
class JarIT {

    @TempDir
    Path dir;

    @Test
    void listsItsCommandsFromAnyDirectory() throws Exception {
        JarRunner.Result result = JarRunner.run(dir, List.of(), "--help");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("inspect"), result.out());
        assertTrue(result.out().contains("Usage: replay-tcp"), result.out());
    }

    @Test
    void inspectsACaptureGivenByAbsolutePath() throws Exception {
        Path capture = Path.of("src/test/resources/captures/zeek-http-get.pcap").toAbsolutePath();
        JarRunner.Result result = JarRunner.run(dir, List.of(), "inspect", capture.toString(), "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode connection = new ObjectMapper().readTree(result.out()).get("connections").get(0);
        assertEquals(5007, connection.get("serverToClientBytes").asInt());
    }

    @Test
    void failsWithOneLineAndExitCode2OnAFileThatIsNotACapture() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.pcapng"), "hello");
        JarRunner.Result result = JarRunner.run(dir, List.of(), "inspect", notes.toString());
        assertEquals(2, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("replay-tcp: notes.pcapng: "), result.err());
    }

    @Test
    void runsTheDemoFromAnyDirectory() throws Exception {
        JarRunner.Result result = JarRunner.run(dir, List.of(), "demo");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertEquals(4, result.out().lines().filter(l -> l.contains(" identical ")).count(), result.out());
        assertEquals("", result.err(), "nothing but the summary");
    }

    @Test
    void saysPlainlyThatNothingListensWithoutAStackTrace() throws Exception {
        int port = org.replaytcp.testing.FreePort.find();
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        JarRunner.Result result = JarRunner.run(dir, List.of(), "client", sample.toString(), "--connect",
                "127.0.0.1:" + port, "--connect-timeout", "1", "--await-timeout", "1");
        assertEquals(1, result.exitCode());
        assertTrue(result.out().contains("could not connect to 127.0.0.1:" + port), result.out());
        assertEquals("", result.err());
    }

    @Test
    void readsACaptureManyTimesLargerThanItsHeap() throws Exception {
        // 40 connections x 8 MB = 320 MB of payload (about 335 MB on disk), read with a 32 MB heap.
        Path big = dir.resolve("big.pcap");
        long packets = SyntheticCapture.write(big, 40, 8L * 1024 * 1024, 1460);
        assertTrue(Files.size(big) > 10L * 32 * 1024 * 1024, "the file is at least ten times the heap");
        JarRunner.Result result = JarRunner.run(dir, List.of("-Xmx32m"), "inspect", big.toString(), "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(packets, json.get("packets").asLong());
        assertEquals(40, json.get("connections").size());
        for (JsonNode connection : json.get("connections")) {
            assertEquals(8L * 1024 * 1024, connection.get("clientToServerBytes").asLong());
            assertEquals("fin", connection.get("end").asText());
        }
    }
}
