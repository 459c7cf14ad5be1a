package org.replaytcp.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a raw-IP pcap of TCP connections whose every segment is given by the test: when (µs from the start),
 * which side, which bytes. The handshake and the closing FINs are added around them. Expected timings and bytes
 * in a test then come from its own script, not from the code under test.
 */
public final class ScriptedCapture {

    /** One data segment: {@code micros} after the capture's start, from the client or the server. */
    public record Segment(long micros, boolean fromClient, byte[] payload) {}

    /** One connection: its client port, its start (µs), its segments, and when it ends with FINs (µs). */
    public record Connection(int clientPort, long startMicros, List<Segment> segments, long endMicros) {}

    public static final int SERVER_PORT = 11000;
    private static final long BASE_SECONDS = 1_700_000_000L;
    private static final int LINKTYPE_RAW = 101;

    private ScriptedCapture() {}

    /** A client segment at {@code micros}. */
    public static Segment client(long micros, String ascii) {
        return new Segment(micros, true, Frames.ascii(ascii));
    }

    /** A server segment at {@code micros}. */
    public static Segment server(long micros, String ascii) {
        return new Segment(micros, false, Frames.ascii(ascii));
    }

    /** One connection from client port 40000, opened at 0 and closed 1 ms after its last segment. */
    public static Path write(Path file, Segment... segments) throws IOException {
        long last = segments.length == 0 ? 0 : segments[segments.length - 1].micros();
        return write(file, List.of(new Connection(40000, 0, List.of(segments), last + 1000)));
    }

    /** Connections in the order given; their packets are written in time order. */
    public static Path write(Path file, List<Connection> connections) throws IOException {
        record Timed(long micros, byte[] packet) {}
        List<Timed> packets = new ArrayList<>();
        for (Connection c : connections) {
            long clientSeq = 1000;
            long serverSeq = 9000;
            long t = c.startMicros();
            packets.add(new Timed(t, packet(c, true, clientSeq, 0, Frames.SYN, new byte[0])));
            packets.add(
                    new Timed(t + 1, packet(c, false, serverSeq, clientSeq + 1, Frames.SYN | Frames.ACK, new byte[0])));
            packets.add(new Timed(t + 2, packet(c, true, clientSeq + 1, serverSeq + 1, Frames.ACK, new byte[0])));
            clientSeq++;
            serverSeq++;
            for (Segment s : c.segments()) {
                long seq = s.fromClient() ? clientSeq : serverSeq;
                long ack = s.fromClient() ? serverSeq : clientSeq;
                packets.add(new Timed(
                        c.startMicros() + Math.max(3, s.micros()),
                        packet(c, s.fromClient(), seq, ack, Frames.PSH | Frames.ACK, s.payload())));
                if (s.fromClient()) {
                    clientSeq += s.payload().length;
                } else {
                    serverSeq += s.payload().length;
                }
            }
            long end = c.startMicros() + c.endMicros();
            packets.add(new Timed(end, packet(c, true, clientSeq, serverSeq, Frames.FIN | Frames.ACK, new byte[0])));
            packets.add(new Timed(
                    end + 1, packet(c, false, serverSeq, clientSeq + 1, Frames.FIN | Frames.ACK, new byte[0])));
            packets.add(new Timed(end + 2, packet(c, true, clientSeq + 1, serverSeq + 1, Frames.ACK, new byte[0])));
        }
        packets.sort(java.util.Comparator.comparingLong(Timed::micros)); // stable: same-time packets keep their order
        CaptureFileBuilder pcap = CaptureFileBuilder.pcap(false, false, LINKTYPE_RAW);
        for (Timed p : packets) {
            pcap.record(BASE_SECONDS + p.micros() / 1_000_000, p.micros() % 1_000_000, p.packet());
        }
        return pcap.writeTo(file);
    }

    private static byte[] packet(Connection c, boolean fromClient, long seq, long ack, int flags, byte[] payload) {
        int source = fromClient ? c.clientPort() : SERVER_PORT;
        int destination = fromClient ? SERVER_PORT : c.clientPort();
        return Frames.ipv4Tcp(
                fromClient ? "127.0.0.1" : "127.0.0.2",
                fromClient ? "127.0.0.2" : "127.0.0.1",
                Frames.tcp(source, destination, seq, ack, flags, payload));
    }
}
