package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.Tshark;

/**
 * {@code --rewrite-bytes} over real sockets on the bundled sample, whose DAQbox frames are {@code AA55}, a 16-bit
 * length of what follows the length field, then a 32-bit sequence number (bytes 4-7), as tshark shows them. Both
 * recorded connections number their frames from 1: a server that keeps one numbering for all its clients takes the
 * second connection's frames for repeats.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RewriteBytesTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");

    /** One AA55 frame of a stream: where it starts and its sequence number. */
    record Frame(int start, long seq) {}

    /** The frames of a client stream, walked by their length fields (which must land exactly on the end). */
    static List<Frame> frames(byte[] stream) {
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            assertTrue(at + 8 <= stream.length, "a frame cut short at " + at);
            assertEquals((byte) 0xAA, stream[at], "no AA55 at " + at);
            assertEquals((byte) 0x55, stream[at + 1], "no AA55 at " + at);
            int length = ((stream[at + 2] & 0xff) << 8) | (stream[at + 3] & 0xff);
            long seq = ((stream[at + 4] & 0xffL) << 24)
                    | ((stream[at + 5] & 0xffL) << 16)
                    | ((stream[at + 6] & 0xffL) << 8)
                    | (stream[at + 7] & 0xffL);
            frames.add(new Frame(at, seq));
            at += 4 + length;
        }
        assertEquals(stream.length, at, "the frames end where the stream ends");
        return frames;
    }

    /** The stream with each frame's sequence number zeroed: what must not change. */
    static byte[] withoutSequences(byte[] stream) {
        byte[] copy = stream.clone();
        for (Frame frame : frames(stream)) {
            for (int i = 4; i < 8; i++) {
                copy[frame.start() + i] = 0;
            }
        }
        return copy;
    }

    @Test
    void sequenceNumbersCountOnAcrossConnectionsAndEveryOtherByteIsAsRecorded() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        int recordedFrames = frames(recorded.get(0).fromNode0()).size()
                + frames(recorded.get(1).fromNode0()).size();
        assertEquals(85, recordedFrames); // 60 + 25, as the server's last ACK of each connection says
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<CompletableFuture<FaultInjectionTest.Received>> received =
                    FaultInjectionTest.serve(server, 2, socket -> {});
            Cli.Run run = client(server.getLocalPort(), "--rewrite-bytes", "AA55:4-7=counter");

            TreeSet<Long> all = new TreeSet<>();
            int total = 0;
            for (int conn = 0; conn < 2; conn++) {
                byte[] live = received.get(conn).get(30, TimeUnit.SECONDS).bytes();
                byte[] expected = recorded.get(conn).fromNode0();
                assertEquals(expected.length, live.length, "connection " + conn + ": " + run.out() + run.err());
                org.junit.jupiter.api.Assertions.assertArrayEquals(withoutSequences(expected), withoutSequences(live));
                long previous = 0;
                for (Frame frame : frames(live)) {
                    assertTrue(
                            frame.seq() > previous,
                            "connection " + conn + " numbers " + frame.seq() + " after " + previous);
                    previous = frame.seq();
                    all.add(frame.seq());
                    total++;
                }
            }
            // One numbering for both connections: 1 (the first frame keeps its recorded number) to 85, each once.
            assertEquals(85, total);
            assertEquals(85, all.size(), "repeated numbers: " + all);
            assertEquals(1L, all.first());
            assertEquals(85L, all.last());
        }
    }

    @Test
    void aServerThatRefusesRepeatedNumbersTakesTheReplayOnlyWithTheCounter() throws Exception {
        try (StrictPolyview polyview = new StrictPolyview()) {
            Cli.Run naive = client(polyview.port());
            assertEquals(1, naive.exitCode(), naive.out() + naive.err());
            assertTrue(
                    polyview.refusals().stream().anyMatch(r -> r.startsWith("NAK 1 ")),
                    polyview.refusals().toString());
        }
        try (StrictPolyview polyview = new StrictPolyview()) {
            Cli.Run counted = client(polyview.port(), "--rewrite-bytes", "AA55:4-7=counter");
            assertEquals(List.of(), polyview.refusals());
            assertEquals(85, polyview.accepted().size());
            // What it answered is what the recorded Polyview answered.
            assertEquals(0, counted.exitCode(), counted.out() + counted.err());
            assertTrue(counted.out().contains("identical"), counted.out());
        }
    }

    @Test
    void aRuleThatDoesNotParseIsExit2BeforeAnythingConnects() {
        // Port 1: nothing listens there; a run that got as far as connecting would say so instead.
        Cli.Run run = client(1, "--rewrite-bytes", "AA55:1-2=counter");
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("--rewrite-bytes 'AA55:1-2=counter'"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    private static Cli.Run client(int port, String... more) {
        List<String> args = new ArrayList<>(List.of("--verify"));
        args.addAll(List.of(more));
        return Cli.sampleClient(port, args.toArray(String[]::new));
    }

    /**
     * Like Polyview, but strict: greets, ACKs every fifth frame of a connection with the count of frames it took on that
     * connection (as the recording shows: "ACK 5", "ACK 10"), and refuses
     * (NAK, then closes the connection) a frame whose number does not increase on its connection or was taken before
     * from any client. (Not "above every number so far": two connections' frames released microseconds apart may be
     * read by its two threads in either order.)
     */
    static final class StrictPolyview implements AutoCloseable {

        private final ServerSocket server;
        private final Set<Long> accepted = ConcurrentHashMap.newKeySet();
        private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

        StrictPolyview() throws IOException {
            server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            Background.supply(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Background.supply(() -> serve(client));
                    } catch (IOException closed) {
                        return null;
                    }
                }
                return null;
            });
        }

        int port() {
            return server.getLocalPort();
        }

        Set<Long> accepted() {
            return accepted;
        }

        List<String> refusals() {
            return refusals;
        }

        private Void serve(Socket client) {
            try (client) {
                OutputStream out = client.getOutputStream();
                out.write("POLYVIEW 2.4 READY\r\n".getBytes(StandardCharsets.US_ASCII));
                DataInputStream in = new DataInputStream(client.getInputStream());
                int count = 0;
                long last = 0;
                while (true) {
                    int magic = in.readUnsignedShort();
                    int length = in.readUnsignedShort();
                    byte[] rest = new byte[length];
                    in.readFully(rest);
                    long seq = ((rest[0] & 0xffL) << 24)
                            | ((rest[1] & 0xffL) << 16)
                            | ((rest[2] & 0xffL) << 8)
                            | (rest[3] & 0xffL);
                    if (magic != 0xAA55 || seq <= last || !accepted.add(seq)) {
                        refusals.add("NAK " + seq + " (after " + last + ")");
                        out.write(("NAK " + seq + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        return null;
                    }
                    last = seq;
                    if (++count % 5 == 0) {
                        out.write(("ACK " + count + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                }
            } catch (EOFException end) {
                return null;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
