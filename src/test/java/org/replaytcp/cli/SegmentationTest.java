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
import org.replaytcp.tcp.ConversationReader;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.TcpEvent;
import org.replaytcp.testing.LoopbackRecorder;

/**
 * One write per recorded segment, with TCP_NODELAY: tcpdump records the client role's replay, and the client's
 * segments on the wire have the recorded sizes, in the recorded order, connection by connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SegmentationTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");

    @TempDir
    Path dir;

    /** The client's data segment sizes per connection, in order; connections keyed by their order of opening. */
    private static Map<Integer, List<Integer>> clientSegmentSizes(Path capture) throws Exception {
        Map<Integer, List<Integer>> sizes = new TreeMap<>();
        try (ConversationReader reader = new ConversationReader(capture, null, s -> { })) {
            reader.forEachRemaining(event -> {
                if (event instanceof TcpEvent.DataSegment data && data.direction() == Direction.CLIENT_TO_SERVER) {
                    sizes.computeIfAbsent(data.connection().index(), i -> new ArrayList<>()).add(data.data().length);
                }
            });
        }
        return sizes;
    }

    @Test
    void theClientRoleWritesEachRecordedSegmentAsOneSegment() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        Path replayed = dir.resolve("replayed.pcap");
        try (ServerSocket sink = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            threads.submit(() -> {
                for (int i = 0; i < 2; i++) {
                    Socket socket = sink.accept();
                    threads.submit(() -> {
                        try (socket) {
                            socket.getInputStream().readAllBytes();
                        }
                        return null;
                    });
                }
                return null;
            });
            try (LoopbackRecorder recorder = LoopbackRecorder.start(replayed, sink.getLocalPort())) {
                StringWriter out = new StringWriter();
                int code = ReplayTcpCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "client",
                        SAMPLE.toString(), "--connect", "127.0.0.1:" + sink.getLocalPort(), "--no-await-peer",
                        "--quiet");
                assertEquals(0, code, out.toString());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(clientSegmentSizes(SAMPLE), clientSegmentSizes(replayed));
    }
}
