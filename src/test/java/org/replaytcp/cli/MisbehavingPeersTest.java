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
            List<Future<Integer>> received = new ArrayList<>();
            threads.submit(() -> {
                // Connection 0: read 1000 bytes, then reset (SO_LINGER 0). Connection 1: read all.
                for (int i = 0; i < 2; i++) {
                    Socket socket = server.accept();
                    int index = i;
                    received.add(threads.submit(() -> {
                        try (socket) {
                            if (index == 0) {
                                socket.getInputStream().readNBytes(1000);
                                socket.setSoLinger(true, 0);
                                return 1000;
                            }
                            return socket.getInputStream().readAllBytes().length;
                        }
                    }));
                }
                return null;
            });
            Cli.Run run = Cli.run("client", SAMPLE.toString(), "--connect", "127.0.0.1:" + server.getLocalPort(),
                    "--no-await-peer", "--speed", "4");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("client connection 0: the peer closed the connection: "), run.out());
            assertTrue(run.out().matches("(?s).*client connection 0: the peer closed the connection: \\d+ of 9060 bytes delivered.*"),
                    run.out());
            // Connection 1 went on to the end.
            assertEquals(recorded.get(1).fromNode0().length, received.get(1).get(30, TimeUnit.SECONDS));
            assertTrue(run.out().contains("3912 of 3912"), run.out());
        }
    }

    @Test
    void aPortInUseIsBadInputInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Cli.Run run = Cli.run("server", SAMPLE.toString(), "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(2, run.exitCode());
            assertEquals("replay-tcp: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use",
                    run.err().strip());
        }
    }

    @Test
    void noClientWithinTheAcceptTimeoutFailsWithAClearMessage() throws Exception {
        Cli.Run run = Cli.run("server", SAMPLE.toString(), "--listen", "127.0.0.1:" + FreePort.find(), "--accept-timeout", "1",
                "--quiet");
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("server connection 0: no client connected within 1.0 s"), run.out());
        assertTrue(run.out().contains("0 of 115"), "nothing of the 115 recorded server bytes went out: " + run.out());
    }

    @Test
    void clientsBeyondTheRecordedConnectionsAreClosedAndCounted() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        int port = FreePort.find();
        Future<Cli.Run> replay = threads.submit(() -> Cli.run("server", SAMPLE.toString(), "--listen", "127.0.0.1:" + port,
                "--top-speed", "--await-timeout", "5"));
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = Cli.connectWhenListening(port);
            sockets.add(socket);
            if (i < 2) {
                byte[] frames = recorded.get(i).fromNode0();
                threads.submit(() -> {
                    socket.getOutputStream().write(frames);
                    socket.shutdownOutput();
                    socket.getInputStream().readAllBytes();
                    return null;
                });
            }
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("server role: 1 more client(s) connected than the capture has connections; "
                + "they were closed"), run.out());
        assertEquals(-1, sockets.get(2).getInputStream().read(), "the extra client was closed");
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void aFileThatIsNotACaptureIsBadInputForTheReplayCommandsToo() throws Exception {
        Path notes = java.nio.file.Files.writeString(java.nio.file.Files.createTempDirectory("rt").resolve("notes.pcap"),
                "not a capture");
        for (String role : List.of("client", "server")) {
            Cli.Run run = Cli.run(role, notes.toString(), role.equals("client") ? "--connect" : "--listen",
                    role.equals("client") ? "127.0.0.1:9" : "9");
            assertEquals(2, run.exitCode(), role);
            assertEquals("replay-tcp: notes.pcap: file header at byte 0: not a pcap or pcapng file (first bytes "
                    + "0x6e6f7420)", run.err().strip(), role);
        }
    }

    @Test
    void warnsWhenListeningOnAllInterfaces() throws Exception {
        Cli.Run run = Cli.run("server", SAMPLE.toString(), "--listen", "0.0.0.0:" + FreePort.find(), "--accept-timeout", "1",
                "--quiet");
        assertTrue(run.err().startsWith("replay-tcp: warning: listening on all interfaces (0.0.0.0)"), run.err());
    }
}
