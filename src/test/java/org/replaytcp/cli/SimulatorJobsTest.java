package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;

/**
 * The README's two jobs, tried as it tells a user to, with the simulator in {@code samples/} standing in for the
 * program under test: {@code client} against the simulated Polyview alone, {@code server} for the simulated DAQbox
 * alone. The simulator is the program that recorded the sample, so every connection must be identical.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SimulatorJobsTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");
    private static final Path SIMULATOR = Path.of("samples/DaqboxPolyviewSimulator.java");

    @Test
    void testPolyviewAlone() throws Exception {
        int port = FreePort.find();
        Process polyview = simulator("polyview", port);
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(polyview.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("polyview: listening on 127.0.0.1:" + port + " (Ctrl-C to stop)", out.readLine());
            Cli.Run run = Cli.run("client", SAMPLE.toString(), "--connect", "127.0.0.1:" + port, "--top-speed");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(List.of("client 0 identical", "client 1 identical"), Cli.summaryRows(run.out()), run.out());
        } finally {
            polyview.destroy();
            polyview.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void testDaqboxAlone() throws Exception {
        int port = FreePort.find();
        CompletableFuture<Cli.Run> replay = Background.supply(
                () -> Cli.run("server", SAMPLE.toString(), "--listen", Integer.toString(port), "--top-speed"));
        Cli.awaitListening(port);
        Process daqbox = simulator("daqbox", port);
        try {
            assertTrue(daqbox.waitFor(60, TimeUnit.SECONDS), "the simulated DAQbox finishes");
            String said = new String(daqbox.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, daqbox.exitValue(), said);
            assertEquals("daqbox: both connections done", said.strip());
        } finally {
            daqbox.destroy();
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("server 0 identical", "server 1 identical"), Cli.summaryRows(run.out()), run.out());
    }

    /** The simulator in one role, run as the README says: Java's source-file mode, on the JVM running the tests. */
    private static Process simulator(String mode, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, SIMULATOR.toString(), mode, Integer.toString(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
