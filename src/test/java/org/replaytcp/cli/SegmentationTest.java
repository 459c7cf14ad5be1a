package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.LoopbackRecorder;
import org.replaytcp.testing.Tshark;

/**
 * One write per recorded segment, with TCP_NODELAY: tcpdump records the client role's replay, and the client's
 * segments on the wire have the recorded sizes, in the recorded order, connection by connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SegmentationTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");

    @TempDir
    Path dir;

    /**
     * The client's data segment sizes per connection, in order, as tshark sees them (not our reader): connections
     * keyed by tshark's stream index, which counts them in their order of opening.
     */
    private static Map<Integer, List<Integer>> clientSegmentSizes(Path capture, int serverPort) throws Exception {
        Map<Integer, List<Integer>> sizes = new TreeMap<>();
        String fields = Tshark.run(List.of(
                "tshark",
                "-r",
                capture.toString(),
                "-Y",
                "tcp.len > 0 && tcp.dstport == " + serverPort,
                "-T",
                "fields",
                "-e",
                "tcp.stream",
                "-e",
                "tcp.len"));
        for (String line : fields.strip().split("\n")) {
            String[] streamAndLength = line.strip().split("\\s+");
            sizes.computeIfAbsent(Integer.parseInt(streamAndLength[0]), i -> new ArrayList<>())
                    .add(Integer.parseInt(streamAndLength[1]));
        }
        return sizes;
    }

    @Test
    void theClientRoleWritesEachRecordedSegmentAsOneSegment() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        Path replayed = dir.resolve("replayed.pcap");
        int sinkPort;
        try (ServerSocket sink = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            java.util.concurrent.Future<java.util.List<java.util.concurrent.Future<byte[]>>> sinks =
                    threads.submit(() -> {
                        List<java.util.concurrent.Future<byte[]>> reads = new ArrayList<>();
                        for (int i = 0; i < 2; i++) {
                            Socket socket = sink.accept();
                            reads.add(threads.submit(() -> {
                                try (socket) {
                                    return socket.getInputStream().readAllBytes();
                                }
                            }));
                        }
                        return reads;
                    });
            try (LoopbackRecorder recorder = LoopbackRecorder.start(replayed, sink.getLocalPort())) {
                StringWriter out = new StringWriter();
                int code = ReplayTcpCli.execute(
                        new PrintWriter(out),
                        new PrintWriter(new StringWriter()),
                        "client",
                        SAMPLE.toString(),
                        "--connect",
                        "127.0.0.1:" + sink.getLocalPort(),
                        "--no-await-peer",
                        "--no-verify",
                        "--quiet");
                assertEquals(0, code, out.toString());
            }
            // Every byte reached the sink (tshark: the client sent 9060 and 3912 bytes).
            List<java.util.concurrent.Future<byte[]>> reads = sinks.get(10, TimeUnit.SECONDS);
            assertEquals(9060, reads.get(0).get(10, TimeUnit.SECONDS).length);
            assertEquals(3912, reads.get(1).get(10, TimeUnit.SECONDS).length);
            sinkPort = sink.getLocalPort();
        } finally {
            threads.shutdownNow();
        }
        Map<Integer, List<Integer>> recorded = clientSegmentSizes(SAMPLE, 11000);
        assertEquals(2, recorded.size());
        assertEquals(recorded, clientSegmentSizes(replayed, sinkPort));
    }
}
