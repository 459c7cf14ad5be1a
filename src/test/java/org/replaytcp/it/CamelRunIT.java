package org.replaytcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.replaytcp.testing.JarRunner;
import org.replaytcp.testing.Tshark;

/**
 * The README's first command, {@code mvn compile camel:run}, tells the truth through its exit code, as the command
 * line does: 0 when the replay went as recorded, else 1 and one line saying what went wrong.
 */
class CamelRunIT {

    /** The project's own directory: camel:run reads application.properties and routes/ from there. */
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private static final Path SAMPLE = PROJECT.resolve("samples/daqbox-polyview.pcapng");

    /** What camel:run runs (the pom's mainClass), from the packaged jar, with the shipped properties. */
    private static JarRunner.Result camelRun(List<String> jvmOptions) throws Exception {
        return JarRunner.runMain(
                PROJECT, jvmOptions, "org.replaytcp.camel.ReplayMain", "-pl", "file:application.properties");
    }

    @Test
    void theDemoEndsWithExitZeroWhenEveryConnectionIsIdentical() throws Exception {
        JarRunner.Result run = camelRun(List.of());
        int connections = Tshark.streamIndices(SAMPLE).size();
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(
                2L * connections,
                run.out().lines().filter(line -> line.contains(" identical ")).count(),
                run.out());
        assertFalse(run.err().contains("replay-tcp:"), run.err());
    }

    @Test
    void aMisspeltSettingInARouteFileIsOneLineNamingTheFileAndExitTwo(@org.junit.jupiter.api.io.TempDir Path routes)
            throws Exception {
        for (String file : List.of("daqbox-to-polyview.yaml", "polyview-to-daqbox.yaml")) {
            java.nio.file.Files.writeString(
                    routes.resolve(file),
                    java.nio.file.Files.readString(PROJECT.resolve("routes").resolve(file))
                            .replace("topSpeed: ", "topSped: "));
        }
        JarRunner.Result run = camelRun(List.of("-Dcamel.main.routes-include-pattern=file:" + routes + "/*.yaml"));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        List<String> ours = run.err()
                .lines()
                .filter(line -> line.startsWith("replay-tcp: "))
                .toList();
        assertEquals(1, ours.size(), run.err());
        assertTrue(
                ours.get(0)
                        .matches("replay-tcp: " + java.util.regex.Pattern.quote(routes.toString())
                                + "/(daqbox-to-polyview|polyview-to-daqbox)\\.yaml: bean (daqbox|polyview)Replay has no setting "
                                + "'topSped' \\(did you mean topSpeed\\?\\); its settings: .*"),
                ours.get(0));
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void aListenerThatCannotListenEndsTheRunWithOneLineAndExitOne() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            long start = System.nanoTime();
            JarRunner.Result run = camelRun(
                    List.of("-Dreplay.client.enabled=false", "-Dpolyview.listen=127.0.0.1:" + taken.getLocalPort()));
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(1, run.exitCode(), run.out() + run.err());
            // A hang check, not a figure: Camel used to wait out its 45 s graceful shutdown for the exchanges that
            // waited for clients; they are let go now.
            assertTrue(seconds < 20, "camel:run ended " + seconds + " s after it started");
            List<String> ours = run.err()
                    .lines()
                    .filter(line -> line.startsWith("replay-tcp: "))
                    .toList();
            assertEquals(
                    List.of("replay-tcp: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": address already in use"),
                    ours,
                    run.err());
        }
    }

    @Test
    void aReplayThatCouldNotConnectEndsMavenWithExitOneAndOneLine() throws Exception {
        int nothingListens = AvailablePortFinder.getNextAvailable();
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home")); // the JVM these tests run on
        environment.put("MAVEN_OPTS", null);
        JarRunner.Result run = JarRunner.runCommand(
                List.of(
                        "mvn",
                        "-B",
                        "-q",
                        "-Dstyle.color=never",
                        "camel:run",
                        "-Dreplay.server.enabled=false",
                        "-Dpolyview.port=" + nothingListens,
                        "-Dreplay.connect-timeout=1"),
                PROJECT,
                environment);
        int connections = Tshark.streamIndices(SAMPLE).size(); // tshark's count of the sample's connections
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(
                connections,
                run.out().lines().filter(line -> line.contains(" not-run ")).count(),
                run.out());
        // Maven may put a colour reset before a line, even in batch mode.
        List<String> ours = run.err()
                .lines()
                .map(line -> line.replaceAll("\u001b\\[[0-9;]*m", ""))
                .filter(line -> line.startsWith("replay-tcp: "))
                .toList();
        assertEquals(
                List.of("replay-tcp: " + connections + " of " + connections + " connections not replayed as "
                        + "recorded (" + connections + " not-run); the summary above says why"),
                ours,
                run.err());
        assertTrue(run.out().contains("could not connect to 127.0.0.1:" + nothingListens), run.out());
    }
}
