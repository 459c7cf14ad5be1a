package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.SampleRoutes;
import org.replaytcp.testing.Tshark;

/**
 * {@code --loop}, {@code --duration}, {@code --loop-gap} over real sockets, in both roles: every round sends the
 * recorded bytes again (compared with tshark's), the summary and the JSON report say how each round went, a fault
 * can aim at one round, and a server that refuses repeated frame numbers takes 50 rounds with a counter.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoopCommandsTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");

    private static Cli.Run client(int port, String... more) {
        List<String> args =
                new ArrayList<>(List.of("client", SAMPLE.toString(), "--connect", "127.0.0.1:" + port, "--quiet"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void theClientRoleSendsTheRecordingAgainEveryRound() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<CompletableFuture<FaultInjectionTest.Received>> received =
                    FaultInjectionTest.serve(server, 6, socket -> {});
            Cli.Run run = client(
                    server.getLocalPort(),
                    "--loop",
                    "3",
                    "--loop-gap",
                    "0.5",
                    "--top-speed",
                    "--no-verify",
                    "--no-await-peer");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            List<FaultInjectionTest.Received> streams = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                streams.add(received.get(i).get(30, TimeUnit.SECONDS));
            }
            // Accepted in the order the replay opened them: each round's two connections, round after round.
            for (int i = 0; i < 6; i++) {
                byte[] got = streams.get(i).bytes();
                boolean first = Arrays.equals(recorded.get(0).fromNode0(), got);
                assertTrue(first || Arrays.equals(recorded.get(1).fromNode0(), got), "stream " + i);
            }
            // A round begins half a second (the gap) after the one before it has ended.
            long roundOneEnd = Math.max(last(streams.get(0)), last(streams.get(1)));
            long roundTwoStart = Math.min(first(streams.get(2)), first(streams.get(3)));
            assertTrue(
                    roundTwoStart - roundOneEnd >= TimeUnit.MILLISECONDS.toNanos(450),
                    (roundTwoStart - roundOneEnd) / 1e6 + " ms between rounds");
            assertTrue(run.out().contains("rounds 1-3 of 3: 2 connections each, not-verified\n"), run.out());
            assertTrue(run.out().contains("overall: 3 rounds, 6 connections, not-verified\n"), run.out());
        }
    }

    private static long first(FaultInjectionTest.Received received) {
        return received.reads().get(0)[0];
    }

    private static long last(FaultInjectionTest.Received received) {
        return received.reads().get(received.reads().size() - 1)[0];
    }

    @Test
    void bothRolesLoopAgainstEachOtherAndEveryRoundIsIdentical(@TempDir Path dir) throws Exception {
        int port = FreePort.find();
        Path json = dir.resolve("client.json");
        CompletableFuture<Cli.Run> server = Background.supply(() -> Cli.run(
                "server",
                SAMPLE.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--loop",
                "3",
                "--speed",
                "8",
                "--quiet"));
        Cli.awaitListening(port);
        Cli.Run client = client(port, "--loop", "3", "--speed", "8", "--report", json.toString());
        Cli.Run served = server.get(60, TimeUnit.SECONDS);
        assertEquals(0, client.exitCode(), client.out() + client.err());
        assertEquals(0, served.exitCode(), served.out() + served.err());
        for (Cli.Run run : List.of(client, served)) {
            assertTrue(run.out().contains("rounds 1-3 of 3: 2 connections each, identical\n"), run.out());
            assertTrue(run.out().contains("overall: 3 rounds, 6 connections, identical\n"), run.out());
            assertEquals(2, Cli.summaryRows(run.out()).size(), run.out()); // round 1's rows; the rest are counted
        }
        String report = Files.readString(json);
        assertTrue(
                report.contains("\"rounds\":{\"planned\":3,\"played\":3,\"runs\":[{\"first\":1,\"last\":3,"
                        + "\"connections\":2,\"succeeded\":2,\"identical\":2,"),
                report);
        assertTrue(report.contains("\"index\":0,\"round\":1,"), report);
    }

    @Test
    void aFaultAimedAtRoundTwoHappensOnlyThere() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<CompletableFuture<FaultInjectionTest.Received>> received =
                    FaultInjectionTest.serve(server, 4, socket -> {});
            Cli.Run run = client(
                    server.getLocalPort(),
                    "--loop",
                    "2",
                    "--top-speed",
                    "--no-verify",
                    "--no-await-peer",
                    "--connections",
                    "0",
                    "--fault",
                    "close@100,conn=0,round=2");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertArrayEquals(
                    recorded.get(0).fromNode0(),
                    received.get(0).get(30, TimeUnit.SECONDS).bytes());
            assertArrayEquals(
                    Arrays.copyOf(recorded.get(0).fromNode0(), 100),
                    received.get(1).get(30, TimeUnit.SECONDS).bytes());
            assertTrue(run.out().contains("round 1 of 2: 1 connection, not-verified\n"), run.out());
            assertTrue(run.out().contains("round 2 of 2: 1 connection, 1 not-verified, 1 incomplete\n"), run.out());
            assertTrue(
                    run.out()
                            .contains("client connection 0 (round 2): fault close@100,conn=0,round=2: 100 of 9060 "
                                    + "bytes delivered"),
                    run.out());
        }
    }

    @Test
    void untilTheDurationIsOver() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SampleRoutes.sink(server);
            long started = System.nanoTime();
            Cli.Run run = client(
                    server.getLocalPort(),
                    "--duration",
                    "2",
                    "--loop-gap",
                    "0.25",
                    "--top-speed",
                    "--no-verify",
                    "--no-await-peer");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(0, run.exitCode(), run.out() + run.err());
            java.util.regex.Matcher rounds = java.util.regex.Pattern.compile(
                            "rounds 1-(\\d+): 2 connections each, not-verified\n")
                    .matcher(run.out());
            assertTrue(rounds.find(), run.out());
            int played = Integer.parseInt(rounds.group(1));
            assertTrue(played >= 3, played + " rounds in " + seconds + " s");
            assertTrue(seconds < 30, seconds + " s");
        }
    }

    @Test
    void aStrictServerTakesFiftyRoundsWithTheCounterAndRefusesTheSecondWithout() throws Exception {
        try (RewriteBytesTest.StrictPolyview polyview = new RewriteBytesTest.StrictPolyview()) {
            Cli.Run run = client(polyview.port(), "--loop", "50", "--top-speed", "--rewrite-bytes", "AA55:4-7=counter");
            assertEquals(List.of(), polyview.refusals());
            assertEquals(50 * 85, polyview.accepted().size());
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("rounds 1-50 of 50: 2 connections each, identical\n"), run.out());
        }
        try (RewriteBytesTest.StrictPolyview polyview = new RewriteBytesTest.StrictPolyview()) {
            // Only connection 0, so round 1 alone is fine: round 2 numbers its frames from 1 again.
            Cli.Run run = client(polyview.port(), "--loop", "2", "--top-speed", "--connections", "0");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertEquals(List.of("NAK 1 (after 0)"), polyview.refusals());
            assertTrue(run.out().contains("round 1 of 2: 1 connection, identical\n"), run.out());
            assertTrue(run.out().matches("(?s).*round 2 of 2: 1 connection, .*(differs|shorter).*"), run.out());
        }
    }

    @Test
    void loopFlagsThatCannotWorkAreExit2BeforeConnecting() {
        String[][] cases = {
            {"--loop", "-1", "--loop must be 0 (until Ctrl-C or --duration) or more, not -1"},
            {"--loop", "1", "--loop-gap", "1", "--loop-gap needs more than one round (--loop 1 plays once)"},
            {"--duration", "0", "--duration must be more than 0 seconds, not 0.0"},
            {"--loop", "2", "--fault", "reset@1,round=3", "round=3 never comes, the replay has 2 rounds"},
        };
        for (String[] c : cases) {
            Cli.Run run = client(1, Arrays.copyOf(c, c.length - 1));
            assertEquals(2, run.exitCode(), String.join(" ", c) + ": " + run.out() + run.err());
            assertTrue(run.err().contains(c[c.length - 1]), run.err());
        }
    }
}
