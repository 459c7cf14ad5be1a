package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/** Peers that close early, ports taken, clients that never come or come too many: clear words, right exit codes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MisbehavingPeersTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aServerThatClosesEarlyStopsOnlyItsConnection() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Future<Integer>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
            Future<?> acceptor = threads.submit(() -> {
                // Connection 0: read its first 7 segments (1078 bytes, tshark), then reset (SO_LINGER 0): nothing of
                // ours is in flight then, the next segment is due 11 ms later. Connection 1: read all.
                for (int i = 0; i < 2; i++) {
                    Socket socket = server.accept();
                    int index = i;
                    received.add(threads.submit(() -> {
                        try (socket) {
                            if (index == 0) {
                                socket.getInputStream().readNBytes(1078);
                                socket.setSoLinger(true, 0);
                                return 1078;
                            }
                            return socket.getInputStream().readAllBytes().length;
                        }
                    }));
                }
                return null;
            });
            Cli.Run run = Cli.run(
                    "client",
                    SAMPLE.toString(),
                    "--connect",
                    "127.0.0.1:" + server.getLocalPort(),
                    "--no-await-peer",
                    "--speed",
                    "4");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            acceptor.get(10, TimeUnit.SECONDS);
            assertEquals(1078, received.get(0).get(30, TimeUnit.SECONDS));
            assertTrue(
                    run.out()
                            .contains("client connection 0: the peer reset the connection: 1078 of 9060 bytes "
                                    + "delivered"),
                    run.out());
            // Connection 1 went on to the end.
            assertEquals(recorded.get(1).fromNode0().length, received.get(1).get(30, TimeUnit.SECONDS));
            assertTrue(run.out().contains("3912 of 3912"), run.out());
        }
    }

    @Test
    void aDaqboxThatResetsStopsOnlyItsConnectionInTheServerRole() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        int port = FreePort.find();
        Future<Cli.Run> replay = threads.submit(() -> Cli.run(
                "server",
                SAMPLE.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--top-speed",
                "--await-timeout",
                "5",
                "--quiet"));
        // DAQbox 0 sends 500 of its 9060 bytes and resets; DAQbox 1 plays its part to the end.
        Socket first = Cli.connectWhenListening(port);
        first.getOutputStream().write(java.util.Arrays.copyOf(recorded.get(0).fromNode0(), 500));
        first.getInputStream().readNBytes(20); // the greeting: the replay has taken this connection
        first.setSoLinger(true, 0);
        first.close();
        Future<byte[]> second;
        try (Socket socket = Cli.connectWhenListening(port)) {
            socket.getOutputStream().write(recorded.get(1).fromNode0());
            socket.shutdownOutput();
            second = java.util.concurrent.CompletableFuture.completedFuture(
                    socket.getInputStream().readAllBytes());
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        assertEquals(1, run.exitCode(), run.out() + run.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(recorded.get(1).fromNode1(), second.get());
        String row0 = run.out()
                .lines()
                .filter(l -> l.startsWith("server     0"))
                .findFirst()
                .orElseThrow();
        assertTrue(row0.contains("500 of 9060") && !row0.contains("identical"), row0);
        String row1 = run.out()
                .lines()
                .filter(l -> l.startsWith("server     1"))
                .findFirst()
                .orElseThrow();
        assertTrue(row1.contains("59 of 59") && row1.contains("3912 of 3912") && row1.contains("identical"), row1);
    }

    @Test
    void aRefusedConnectIsRetriedAfter100MsDoublingTo2Seconds() throws Exception {
        int port = FreePort.find();
        Path wire = java.nio.file.Files.createTempDirectory("backoff").resolve("syns.pcap");
        try (org.replaytcp.testing.LoopbackRecorder recorder =
                org.replaytcp.testing.LoopbackRecorder.start(wire, port)) {
            Cli.Run run = Cli.run(
                    "client", SAMPLE.toString(), "--connect", "127.0.0.1:" + port, "--connect-timeout", "8", "--quiet");
            assertEquals(1, run.exitCode(), run.out());
        }
        // tshark: when each SYN to the port went out (the first connection's attempts; the second tries once).
        String fields = Tshark.run(List.of(
                "tshark",
                "-r",
                wire.toString(),
                "-Y",
                "tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == " + port,
                "-T",
                "fields",
                "-e",
                "frame.time_relative"));
        List<Double> syns = fields.strip()
                .lines()
                .map(String::strip)
                .map(Double::parseDouble)
                .toList();
        // An attempt is a burst of SYNs (camel-netty's channel pool connects a second time, a few ms after the
        // first is refused, when it validates the channel it just made): the gaps between bursts are the back-off.
        List<Double> gaps = new ArrayList<>();
        double burst = syns.get(0);
        for (int i = 1; i < syns.size(); i++) {
            if ((syns.get(i) - syns.get(i - 1)) * 1000 > 50) {
                gaps.add((syns.get(i) - burst) * 1000);
                burst = syns.get(i);
            }
        }
        // README: 100 ms doubling to 2 s until --connect-timeout (8 s): 100, 200, 400, 800, 1600, 2000, 2000 ms.
        double[] expected = {100, 200, 400, 800, 1600};
        assertTrue(gaps.size() >= expected.length + 1, "SYN gaps " + gaps);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], gaps.get(i), 60, "SYN gaps " + gaps);
        }
        assertEquals(2000, gaps.get(expected.length), 150, "capped at 2 s: " + gaps);
    }

    @Test
    void aPortInUseIsBadInputInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Cli.Run run = Cli.run("server", SAMPLE.toString(), "--listen", "127.0.0.1:" + taken.getLocalPort());
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(2, run.exitCode());
            assertEquals(
                    "replay-tcp: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use",
                    run.err().strip());
            // Not a figure, a hang check: the exchanges waiting for clients are let go, so Camel does not wait out
            // its 45 s graceful shutdown for them (it did: the line came after 48 s). The warm-up takes ~1.5 s.
            assertTrue(seconds < 20, "the run ended " + seconds + " s after it started");
        }
    }

    @Test
    void noClientWithinTheAcceptTimeoutFailsWithAClearMessage() throws Exception {
        Cli.Run run = Cli.run(
                "server",
                SAMPLE.toString(),
                "--listen",
                "127.0.0.1:" + FreePort.find(),
                "--accept-timeout",
                "1",
                "--quiet");
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("server connection 0: no client connected within 1.0 s"), run.out());
        assertTrue(run.out().contains("0 of 115"), "nothing of the 115 recorded server bytes went out: " + run.out());
    }

    @Test
    void clientsBeyondTheRecordedConnectionsAreClosedAndCounted() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        int port = FreePort.find();
        Future<Cli.Run> replay = threads.submit(() -> Cli.run(
                "server", SAMPLE.toString(), "--listen", "127.0.0.1:" + port, "--top-speed", "--await-timeout", "5"));
        List<Socket> sockets = new ArrayList<>();
        List<Future<byte[]>> heard = new ArrayList<>();
        // All three connect before the first two say anything: the replay cannot be over (and its listener closed)
        // before the extra client is there, however fast it plays the first two.
        for (int i = 0; i < 3; i++) {
            sockets.add(Cli.connectWhenListening(port));
        }
        for (int i = 0; i < 2; i++) {
            Socket socket = sockets.get(i);
            byte[] frames = recorded.get(i).fromNode0();
            heard.add(threads.submit(() -> {
                socket.getOutputStream().write(frames);
                socket.shutdownOutput();
                return socket.getInputStream().readAllBytes();
            }));
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        for (int i = 0; i < 2; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    recorded.get(i).fromNode1(), heard.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(
                run.out()
                        .contains("server role: 1 more client(s) connected than the capture has connections; "
                                + "they were closed"),
                run.out());
        assertEquals(-1, sockets.get(2).getInputStream().read(), "the extra client was closed");
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void aFileThatIsNotACaptureIsBadInputForTheReplayCommandsToo() throws Exception {
        Path notes = java.nio.file.Files.writeString(
                java.nio.file.Files.createTempDirectory("rt").resolve("notes.pcap"), "not a capture");
        for (String role : List.of("client", "server")) {
            Cli.Run run = Cli.run(
                    role,
                    notes.toString(),
                    role.equals("client") ? "--connect" : "--listen",
                    role.equals("client") ? "127.0.0.1:9" : "9");
            assertEquals(2, run.exitCode(), role);
            assertEquals(
                    "replay-tcp: notes.pcap: file header at byte 0: not a pcap or pcapng file (first bytes "
                            + "0x6e6f7420)",
                    run.err().strip(),
                    role);
        }
    }

    @Test
    void warnsWhenListeningOnAllInterfaces() throws Exception {
        Cli.Run run = Cli.run(
                "server",
                SAMPLE.toString(),
                "--listen",
                "0.0.0.0:" + FreePort.find(),
                "--accept-timeout",
                "1",
                "--quiet");
        assertTrue(run.err().startsWith("replay-tcp: warning: listening on all interfaces (0.0.0.0)"), run.err());
    }
}
