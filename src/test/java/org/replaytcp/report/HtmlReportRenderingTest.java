package org.replaytcp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.cli.ReplayTcpCli;

/**
 * The HTML report opened in headless Chromium (Debian's chromium, installed by .ci/run): its script must draw a
 * timeline per connection, with a tick per recorded and per replayed segment, offline.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HtmlReportRenderingTest {

    @TempDir
    Path dir;

    @Test
    void theReportRendersATimelinePerConnectionInChromium() throws Exception {
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("report.json");
        StringWriter out = new StringWriter();
        int code = ReplayTcpCli.execute(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "demo",
                "--report",
                html.toString(),
                "--report",
                json.toString());
        assertEquals(0, code, out.toString());
        String page = Files.readString(html);
        assertFalse(page.contains("http://") && page.contains("<script src"), "self-contained: no external script");

        String dom = dumpDom(html);
        // One plot per connection: 2 recorded connections x 2 roles.
        assertTrue(dom.contains("data-rendered=\"4\""), dom);
        assertEquals(4, count(dom, "<svg[^>]*class=\"timeline\""));
        // One tick per segment. Both roles together send every data segment of the sample once, so the ticks of
        // our side, recorded and replayed, each equal tshark's count of segments with payload.
        int segments = org.replaytcp.testing.Tshark.run(List.of(
                        "tshark",
                        "-r",
                        "samples/daqbox-polyview.pcapng",
                        "-Y",
                        "tcp.len > 0",
                        "-T",
                        "fields",
                        "-e",
                        "frame.number"))
                .strip()
                .split("\n")
                .length;
        assertEquals(segments, count(dom, "class=\"tick recorded-sent\""));
        assertEquals(segments, count(dom, "class=\"tick replayed\""));
        assertEquals(segments, count(dom, "class=\"tick recorded-peer\""));
        assertTrue(count(dom, "class=\"tick live-peer\"") > 0);
        assertTrue(dom.contains(">identical<"), "the verdicts are in the table");
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private Path profile() throws Exception {
        return Files.createDirectories(dir.resolve("chromium-profile"));
    }

    private String dumpDom(Path html) throws Exception {
        List<String> command = List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile(),
                "--virtual-time-budget=5000",
                "--dump-dom",
                html.toUri().toString());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dom = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return dom;
    }
}
