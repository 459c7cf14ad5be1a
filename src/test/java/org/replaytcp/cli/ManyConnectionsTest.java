package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.replaytcp.testing.ScriptedCapture.client;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.RequestResponse;
import org.replaytcp.testing.ScriptedCapture;

/**
 * Many connections at once, both roles, against live peers that answer like the recording (a request/response
 * protocol whose answer is computed from the request): every connection identical, and a connection waiting for a
 * silent peer holds back only itself.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ManyConnectionsTest {

    private static final int CONNECTIONS = 1000;
    private static final int EXCHANGES = 5;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /**
     * One new connection per millisecond, each with 5 request/answer exchanges 20 ms apart (about 100 open at
     * once): the recording a request/response program makes.
     */
    private Path requestResponseCapture() throws Exception {
        return RequestResponse.record(dir.resolve("many.pcap"), CONNECTIONS, 1_000, EXCHANGES, 20_000);
    }

    private static int identicalRows(Cli.Run run) {
        return (int) run.out().lines().filter(l -> l.contains(" identical ")).count();
    }

    @Test
    void theClientRolePlaysAThousandConnectionsAgainstARealServer() throws Exception {
        Path capture = requestResponseCapture();
        AtomicInteger served = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress())) {
            threads.submit(() -> {
                while (!server.isClosed()) {
                    Socket socket = server.accept();
                    served.incrementAndGet();
                    threads.submit(() -> {
                        RequestResponse.serve(socket);
                        return null;
                    });
                }
                return null;
            });
            Cli.Run run = Cli.run(
                    "client",
                    capture.toString(),
                    "--connect",
                    "127.0.0.1:" + server.getLocalPort(),
                    "--quiet",
                    "--await-timeout",
                    "10");
            assertEquals(
                    0,
                    run.exitCode(),
                    run.out()
                                    .lines()
                                    .filter(l -> !l.contains(" identical "))
                                    .limit(20)
                                    .toList()
                            + run.err());
            assertEquals(CONNECTIONS, identicalRows(run));
            assertEquals(CONNECTIONS, served.get(), "the server saw the recorded connections, and no other");
        }
    }

    @Test
    void theServerRolePlaysAThousandConnectionsForRealClients() throws Exception {
        Path capture = requestResponseCapture();
        int port = FreePort.find();
        Future<Cli.Run> replay = threads.submit(() -> Cli.run(
                "server", capture.toString(), "--listen", "127.0.0.1:" + port, "--quiet", "--await-timeout", "10"));
        Cli.awaitListening(port); // without connecting: a probe would be taken as the first recorded client
        List<Future<Boolean>> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CONNECTIONS; c++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(c);
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            int index = c;
            clients.add(threads.submit(() -> RequestResponse.ask(socket, index, EXCHANGES, 19)));
        }
        for (Future<Boolean> client : clients) {
            assertTrue(client.get(60, TimeUnit.SECONDS), "a client got the answers it expected");
        }
        Cli.Run run = replay.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                CONNECTIONS,
                identicalRows(run),
                run.out()
                        .lines()
                        .filter(l -> !l.contains(" identical "))
                        .limit(20)
                        .toList()
                        .toString());
    }

    @Test
    void aConnectionWaitingForASilentPeerHoldsBackOnlyItself() throws Exception {
        // Connection 0 asks and waits for an answer that never comes; connection 1 sends every 200 ms meanwhile.
        List<ScriptedCapture.Connection> connections = List.of(
                new ScriptedCapture.Connection(
                        40000,
                        0,
                        List.of(client(1_000, "ask"), ScriptedCapture.server(2_000, "answer"), client(3_000, "again")),
                        10_000),
                new ScriptedCapture.Connection(
                        40001,
                        5_000,
                        List.of(
                                client(100_000, "t0"),
                                client(300_000, "t1"),
                                client(500_000, "t2"),
                                client(700_000, "t3")),
                        800_000));
        Path capture = ScriptedCapture.write(dir.resolve("silent.pcap"), connections);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Future<long[]> ticks = threads.submit(() -> {
                Socket silent = server.accept(); // connection 0: reads, never answers
                threads.submit(() -> silent.getInputStream().readAllBytes());
                try (Socket ticking = server.accept()) {
                    long[] at = new long[4];
                    for (int i = 0; i < 4; i++) {
                        ticking.getInputStream().readNBytes(2);
                        at[i] = System.nanoTime();
                    }
                    return at;
                }
            });
            Cli.Run run = Cli.run(
                    "client",
                    capture.toString(),
                    "--connect",
                    "127.0.0.1:" + server.getLocalPort(),
                    "--quiet",
                    "--await-timeout",
                    "2");
            long[] at = ticks.get(30, TimeUnit.SECONDS);
            for (int i = 2; i < 4; i++) {
                double gap = (at[i] - at[i - 1]) / 1e6;
                assertTrue(Math.abs(gap - 200) < 40, "connection 1 keeps its 200 ms rhythm: " + gap + " ms");
            }
            assertEquals(1, run.exitCode(), run.out()); // connection 0's peer never answered
            assertTrue(
                    run.out()
                            .contains("client connection 0: the peer did not send what was recorded within the "
                                    + "await timeout"),
                    run.out());
        }
    }
}
