package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.ScriptedCapture;

/**
 * A peer that reads slowly is waited for as long as it keeps reading ("whatever the peer's speed"); only a peer
 * that reads nothing for the whole await timeout is given up on, and then the summary says so.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowReaderTest {

    /** 200 client segments of 60,000 bytes, 0.1 ms apart: 12,000,000 bytes, more than loopback's buffers hold. */
    private static final int SEGMENTS = 200;

    private static final int SEGMENT_BYTES = 60_000;
    private static final long TOTAL = (long) SEGMENTS * SEGMENT_BYTES;

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private Path bigUpload() throws Exception {
        return bigTransfer(true);
    }

    /** The 12 MB sent by the recorded client ({@code fromClient}) or the recorded server. */
    private Path bigTransfer(boolean fromClient) throws Exception {
        List<ScriptedCapture.Segment> segments = new ArrayList<>();
        for (int i = 0; i < SEGMENTS; i++) {
            byte[] payload = new byte[SEGMENT_BYTES];
            Arrays.fill(payload, (byte) ('a' + i % 26));
            segments.add(new ScriptedCapture.Segment(1000 + i * 100L, fromClient, payload));
        }
        return ScriptedCapture.write(
                dir.resolve(fromClient ? "upload.pcap" : "download.pcap"),
                segments.toArray(ScriptedCapture.Segment[]::new));
    }

    /** Reads all {@code socket} gives, 64 KB every 10 ms (~6 MB/s: the 12 MB take ~2 s), and counts it. */
    private static long readSlowly(Socket socket) throws Exception {
        try (socket) {
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.readNBytes(chunk, 0, chunk.length)) > 0; ) {
                total += n;
                Thread.sleep(10);
            }
            return total;
        }
    }

    /** A loopback listener whose connections offer a 16 KB receive window, so our writes back up soon. */
    private static ServerSocket smallWindowServer() throws Exception {
        ServerSocket server = new ServerSocket();
        server.setReceiveBufferSize(16 * 1024);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    /** The run delivered all 12 MB, said so, blamed no one, and succeeded. */
    private static void assertDeliveredAll(Cli.Run run) {
        assertFalse(run.out().contains("stopped reading"), run.out());
        assertTrue(run.out().contains(TOTAL + " of " + TOTAL), run.out());
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    @Test
    void theServerRolePushesEveryByteToAClientThatReadsSlowly() throws Exception {
        Path capture = bigTransfer(false);
        int port = org.replaytcp.testing.FreePort.find();
        Future<Cli.Run> replay = threads.submit(() -> Cli.run(
                "server",
                capture.toString(),
                "--listen",
                Integer.toString(port),
                "--top-speed",
                "--no-await-peer",
                "--await-timeout",
                "0"));
        Cli.awaitListening(port);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertEquals(TOTAL, readSlowly(socket));
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        assertDeliveredAll(run);
    }

    @Test
    void aPeerThatKeepsReadingSlowlyGetsEveryByteEvenWithAZeroAwaitTimeout() throws Exception {
        Path capture = bigUpload();
        for (String timeout : List.of("0", "0.3")) {
            try (ServerSocket server = smallWindowServer()) {
                // ~2 s for the 12 MB, far beyond either await timeout.
                Future<Long> received = threads.submit(() -> readSlowly(server.accept()));
                Cli.Run run = Cli.run(
                        "client",
                        capture.toString(),
                        "--connect",
                        "127.0.0.1:" + server.getLocalPort(),
                        "--top-speed",
                        "--no-await-peer",
                        "--await-timeout",
                        timeout);
                assertEquals(TOTAL, received.get(60, TimeUnit.SECONDS), "await timeout " + timeout + ": " + run.out());
                assertDeliveredAll(run);
            }
        }
    }

    @Test
    void aPeerThatStopsReadingIsGivenUpOnceItTookNothingForAWholeAwaitTimeout() throws Exception {
        Path capture = bigUpload();
        try (ServerSocket server = smallWindowServer()) {
            Future<Socket> accepted = threads.submit(server::accept); // and never read
            long start = System.nanoTime();
            Cli.Run run = Cli.run(
                    "client",
                    capture.toString(),
                    "--connect",
                    "127.0.0.1:" + server.getLocalPort(),
                    "--top-speed",
                    "--no-await-peer",
                    "--await-timeout",
                    "2");
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Socket ignored = accepted.get(10, TimeUnit.SECONDS)) {
                assertTrue(
                        run.out().contains("client connection 0: the peer stopped reading for more than 2.0 s"),
                        run.out());
                assertEquals(1, run.exitCode(), run.out() + run.err());
                assertFalse(run.out().contains(TOTAL + " of " + TOTAL), run.out());
                assertTrue(seconds < 20, "the run took " + seconds + " s");
            }
        }
    }
}
