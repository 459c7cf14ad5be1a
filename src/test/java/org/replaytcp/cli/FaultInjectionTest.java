package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * {@code --fault} over real sockets: what the live peer receives (compared with tshark's bytes of the recording),
 * how the connection ends on its side (EOF or reset), and what the summary and the JSON report say.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultInjectionTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");

    /** What a live peer got on one connection: the bytes, when each read came, and how the stream ended. */
    record Received(byte[] bytes, List<long[]> reads, String end) {

        /** When the read holding stream byte {@code offset} came (nanos). */
        long arrivalOf(int offset) {
            for (long[] read : reads) {
                if (offset < read[1]) {
                    return read[0];
                }
            }
            throw new AssertionError("byte " + offset + " never came (" + bytes.length + " bytes)");
        }
    }

    /** Reads a socket to its end: EOF, or the reset that ends it. */
    static Received readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        List<long[]> reads = new ArrayList<>();
        byte[] buffer = new byte[65536];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
                reads.add(new long[] {System.nanoTime(), bytes.size()});
            }
            return new Received(bytes.toByteArray(), reads, "eof");
        } catch (SocketException e) {
            return new Received(bytes.toByteArray(), reads, "reset: " + e.getMessage());
        }
    }

    /**
     * What the server got, in the order of the recorded connections: each stream is told by its first
     * {@code intact} bytes (before any fault), which differ between the recorded connections.
     */
    private static List<Received> byRecordedConnection(
            List<CompletableFuture<Received>> received, Map<Integer, Tshark.Followed> recorded, int intact)
            throws Exception {
        List<Received> ordered = new ArrayList<>(java.util.Collections.nCopies(received.size(), (Received) null));
        for (CompletableFuture<Received> future : received) {
            Received got = future.get(30, TimeUnit.SECONDS);
            byte[] head = Arrays.copyOf(got.bytes(), Math.min(intact, got.bytes().length));
            for (int index = 0; index < received.size(); index++) {
                byte[] recordedHead = Arrays.copyOf(recorded.get(index).fromNode0(), head.length);
                if (Arrays.equals(head, recordedHead)) {
                    assertEquals(null, ordered.get(index), "two streams start like recorded connection " + index);
                    ordered.set(index, got);
                }
            }
        }
        assertEquals(-1, ordered.indexOf(null), "a stream like no recorded connection");
        return ordered;
    }

    /** A server that takes {@code count} connections in order and reads each to its end; {@code after} may answer. */
    static List<CompletableFuture<Received>> serve(ServerSocket server, int count, Consumer<Socket> after) {
        List<CompletableFuture<Received>> received = new ArrayList<>();
        List<CompletableFuture<Socket>> accepted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(new CompletableFuture<>());
            accepted.add(new CompletableFuture<>());
        }
        Background.supply(() -> {
            for (int i = 0; i < count; i++) {
                try {
                    accepted.get(i).complete(server.accept());
                } catch (IOException e) {
                    accepted.get(i).completeExceptionally(e);
                }
            }
            return null;
        });
        for (int i = 0; i < count; i++) {
            int index = i;
            Background.supply(() -> {
                try (Socket socket = accepted.get(index).get(60, TimeUnit.SECONDS)) {
                    Received got = readAll(socket);
                    after.accept(socket);
                    received.get(index).complete(got);
                } catch (Exception e) {
                    received.get(index).completeExceptionally(e);
                }
                return null;
            });
        }
        return received;
    }

    private static Cli.Run client(int port, String... more) {
        List<String> args = new ArrayList<>(List.of("--quiet"));
        args.addAll(List.of(more));
        return Cli.sampleClient(port, args.toArray(String[]::new));
    }

    @Test
    void resetAndCorruptAsTheServerSeesThem(@TempDir Path dir) throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        Path json = dir.resolve("report.json");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<CompletableFuture<Received>> received = serve(server, 2, socket -> {});
            Cli.Run run = client(
                    server.getLocalPort(),
                    "--fault",
                    "reset@1000,conn=0",
                    "--fault",
                    "corrupt@7,conn=1",
                    "--report",
                    json.toString());
            assertEquals(1, run.exitCode(), run.out() + run.err());

            // The two connections open at about the same time: the server may accept them in either order.
            List<Received> byIndex = byRecordedConnection(received, recorded, 7);
            Received first = byIndex.get(0);
            assertArrayEquals(Arrays.copyOf(recorded.get(0).fromNode0(), 1000), first.bytes());
            assertTrue(first.end().startsWith("reset"), first.end());

            byte[] expected = recorded.get(1).fromNode0().clone();
            expected[7] = (byte) ~expected[7];
            Received second = byIndex.get(1);
            assertArrayEquals(expected, second.bytes());
            assertEquals("eof", second.end());

            assertTrue(
                    run.out().contains("client connection 0: fault reset@1000,conn=0: 1000 of 9060 bytes delivered"),
                    run.out());
            assertTrue(
                    run.out()
                            .matches("(?s).*client connection 0: fault reset@1000,conn=0 at \\d+\\.\\d{3} s: the "
                                    + "peer had sent 0 bytes; we read nothing after it\n.*"),
                    run.out());
            assertTrue(
                    run.out()
                            .matches("(?s).*client connection 1: fault corrupt@7,conn=1 at \\d+\\.\\d{3} s: the "
                                    + "peer sent 0 bytes after it and .*"),
                    run.out());
            String report = Files.readString(json);
            assertTrue(report.contains("\"faults\":[{\"fault\":\"reset@1000,conn=0\",\"injected\":true,"), report);
            assertTrue(report.contains("\"peerObservable\":false"), report);
            assertTrue(report.contains("\"fault\":\"corrupt@7,conn=1\",\"injected\":true"), report);
        }
    }

    @Test
    void closeEndsWithFinAndAStallHoldsTheRestBackByItsLength() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<CompletableFuture<Received>> received = serve(server, 2, socket -> {});
            Cli.Run run =
                    client(server.getLocalPort(), "--fault", "close@500,conn=0", "--fault", "stall:1.5@100,conn=1");
            assertEquals(1, run.exitCode(), run.out() + run.err());

            List<Received> byIndex = byRecordedConnection(received, recorded, 100);
            Received first = byIndex.get(0);
            assertArrayEquals(Arrays.copyOf(recorded.get(0).fromNode0(), 500), first.bytes());
            assertEquals("eof", first.end());

            Received second = byIndex.get(1);
            assertArrayEquals(recorded.get(1).fromNode0(), second.bytes());
            // Byte 100 came at least the stall's length after byte 99 (a few ms apart in the recording at 4x).
            long stalled = second.arrivalOf(100) - second.arrivalOf(99);
            assertTrue(stalled >= TimeUnit.MILLISECONDS.toNanos(1450), "stall of " + stalled / 1e6 + " ms");
            assertTrue(
                    run.out().contains("client connection 0: fault close@500,conn=0: 500 of 9060 bytes delivered"),
                    run.out());
            assertTrue(run.out().contains("3912 of 3912"), run.out());
        }
    }

    @Test
    void halfCloseLetsThePeerAnswerAndTheReportSaysWhatItDid(@TempDir Path dir) throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        Path json = dir.resolve("report.json");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // After our FIN the server says "bye" and closes 300 ms later.
            List<CompletableFuture<Received>> received = serve(server, 1, socket -> {
                try {
                    socket.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(300);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Cli.Run run = client(
                    server.getLocalPort(),
                    "--connections",
                    "0",
                    "--fault",
                    "half-close@300",
                    "--report",
                    json.toString(),
                    "--report",
                    dir.resolve("report.html").toString());
            assertEquals(1, run.exitCode(), run.out() + run.err());
            Received first = received.get(0).get(30, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOf(recorded.get(0).fromNode0(), 300), first.bytes());
            assertEquals("eof", first.end());
            String report = Files.readString(json);
            assertTrue(report.contains("\"fault\":\"half-close@300\",\"injected\":true"), report);
            assertTrue(report.contains("\"peerBytesBefore\":0,\"peerBytesAfter\":3,\"peerEnd\":\"closed\""), report);
            long after = Long.parseLong(report.replaceFirst("(?s).*\"peerEndAfterMicros\":(\\d+).*", "$1"));
            assertTrue(after >= 300_000 && after < 5_000_000, report);
            assertTrue(
                    run.out().contains("client connection 0: fault half-close@300: 300 of 9060 bytes delivered"),
                    run.out());
            String page = Files.readString(dir.resolve("report.html"));
            assertTrue(page.contains("<br>fault half-close@300 at "), "the page lists the fault");
        }
    }

    @Test
    void inTheServerRoleTheLiveClientGetsTheBytesBeforeTheResetThenTheReset() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        int port = FreePort.find();
        CompletableFuture<Cli.Run> replay = Background.supply(() -> Cli.run(
                "server",
                SAMPLE.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--connections",
                "0",
                "--top-speed",
                "--await-timeout",
                "2",
                "--quiet",
                "--fault",
                "reset@40"));
        Received got;
        try (Socket daqbox = Cli.connectWhenListening(port)) {
            daqbox.getOutputStream().write(recorded.get(0).fromNode0());
            got = readAll(daqbox);
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertArrayEquals(Arrays.copyOf(recorded.get(0).fromNode1(), 40), got.bytes());
        assertTrue(got.end().startsWith("reset"), got.end());
        assertTrue(run.out().contains("server connection 0: fault reset@40: 40 of 115 bytes delivered"), run.out());
    }

    @Test
    void faultsThatCannotBeDoneAreRefusedInOneLineBeforeAnythingConnects() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(1);
            for (String[] bad : List.of(
                    new String[] {"explode@1", "--fault 'explode@1' is not KIND@BYTE"},
                    new String[] {
                        "reset@1,conn=5", "--fault 'reset@1,conn=5': connection 5 is not replayed " + "(replayed: 0-1)"
                    },
                    new String[] {"stall@1", "a stall needs its length in seconds"},
                    new String[] {"reset@1,round=2", "round=2 never comes, the replay has one round"})) {
                Cli.Run run = client(server.getLocalPort(), "--fault", bad[0]);
                assertEquals(2, run.exitCode(), run.out() + run.err());
                assertTrue(run.err().contains(bad[1]), run.err());
                assertEquals(1, run.err().strip().lines().count(), run.err());
                assertEquals("", run.out());
                org.junit.jupiter.api.Assertions.assertThrows(
                        java.net.SocketTimeoutException.class, server::accept, "nothing connected");
            }
        }
    }
}
