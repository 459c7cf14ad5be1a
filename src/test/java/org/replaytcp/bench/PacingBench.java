package org.replaytcp.bench;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.replaytcp.tcp.ConversationReader;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.TcpEvent;

/**
 * Helpers of {@code bench/pacing-bench}:
 * <ul>
 *   <li>{@code make FILE SEGMENTS} writes a one-connection capture whose client sends 100-byte segments on an
 *       irregular 1-9 ms rhythm;</li>
 *   <li>{@code sink PORT} accepts connections and reads them to the end;</li>
 *   <li>{@code reference FILE PORT SPEED} sends the capture's client segments to the sink the simplest precise way
 *       a JVM can: one thread, a plain socket, parking until 200 us before each due time and spinning the rest.
 *       It shows what this machine allows in the same run (a virtual machine's timer and scheduler hiccups land
 *       in every figure);</li>
 *   <li>{@code analyze RECORDED REPLAYED} compares each client segment's time on the wire (from a tcpdump of
 *       the replay) with its due time, and prints p50 / p99 / max of the error.</li>
 * </ul>
 */
public final class PacingBench {

    private PacingBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]), Integer.parseInt(args[2]));
            case "sink" -> sink(Integer.parseInt(args[1]));
            case "reference" -> reference(Path.of(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]));
            case "analyze" ->
                analyze(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Double.parseDouble(args[3]) : 1.0);
            default -> throw new IllegalArgumentException("make | sink | reference | analyze");
        }
    }

    private static void make(Path file, int segments) throws Exception {
        Random random = new Random(42);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xA1B23C4D)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putInt(0)
                    .putInt(0)
                    .putInt(262144)
                    .putInt(101);
            out.write(header.array());
            long t = 1_700_000_000_000_000_000L;
            long clientSeq = 1000;
            long serverSeq = 5000;
            write(out, t, true, clientSeq, 0, 0x02, 0);
            write(out, t += 50_000, false, serverSeq, clientSeq + 1, 0x12, 0);
            write(out, t += 50_000, true, clientSeq + 1, serverSeq + 1, 0x10, 0);
            long seq = clientSeq + 1;
            for (int i = 0; i < segments; i++) {
                t += 1_000_000L + random.nextInt(8_000_000);
                write(out, t, true, seq, serverSeq + 1, 0x18, 100);
                seq += 100;
            }
            write(out, t += 1_000_000, true, seq, serverSeq + 1, 0x11, 0);
            write(out, t += 50_000, false, serverSeq + 1, seq + 1, 0x11, 0);
        }
    }

    private static void write(
            OutputStream out, long nanos, boolean fromClient, long seq, long ack, int flags, int payload)
            throws Exception {
        int length = 40 + payload;
        ByteBuffer b = ByteBuffer.allocate(16 + length);
        b.order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) (nanos / 1_000_000_000L))
                .putInt((int) (nanos % 1_000_000_000L))
                .putInt(length)
                .putInt(length)
                .order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) length)
                .putInt(0x40000000)
                .put((byte) 64)
                .put((byte) 6)
                .putShort((short) 0);
        b.put(new byte[] {127, 0, 0, (byte) (fromClient ? 1 : 2)})
                .put(new byte[] {127, 0, 0, (byte) (fromClient ? 2 : 1)});
        b.putShort((short) (fromClient ? 45000 : 11000))
                .putShort((short) (fromClient ? 11000 : 45000))
                .putInt((int) seq)
                .putInt((int) ack)
                .put((byte) 0x50)
                .put((byte) flags)
                .putShort((short) 65535)
                .putInt(0);
        for (int i = 0; i < payload; i++) {
            b.put((byte) i);
        }
        out.write(b.array());
    }

    private static void sink(int port) throws Exception {
        try (ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            while (true) {
                Socket socket = listener.accept();
                Thread reader = new Thread(() -> {
                    try (socket;
                            InputStream in = socket.getInputStream()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (Exception ignored) {
                        // the replay closed it
                    }
                });
                reader.start();
            }
        }
    }

    private static void reference(Path capture, int port, double speed) throws Exception {
        List<long[]> segments = clientSegments(capture);
        byte[][] payloads = new byte[segments.size()][];
        for (int i = 1; i < segments.size(); i++) {
            payloads[i] = new byte[(int) segments.get(i)[2]];
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            long origin = System.nanoTime();
            long recordedOrigin = segments.get(0)[0];
            for (int i = 1; i < segments.size(); i++) {
                long due = origin + (long) ((segments.get(i)[0] - recordedOrigin) / speed);
                long wait;
                while ((wait = due - System.nanoTime()) > 200_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait - 200_000);
                }
                while (due - System.nanoTime() > 0) {
                    Thread.onSpinWait();
                }
                out.write(payloads[i]);
            }
        }
    }

    /**
     * The first connection's opening (SYN) time, then its client data segments: [time, stream offset of the first
     * byte, length] each.
     */
    private static List<long[]> clientSegments(Path capture) throws Exception {
        List<long[]> segments = new ArrayList<>();
        try (ConversationReader reader = new ConversationReader(capture, null, s -> {})) {
            reader.forEachRemaining(event -> {
                if (event instanceof TcpEvent.ConnectionOpened opened
                        && opened.connection().index() == 0) {
                    segments.add(new long[] {opened.timestampNanos(), -1, 0});
                } else if (event instanceof TcpEvent.DataSegment data
                        && data.direction() == Direction.CLIENT_TO_SERVER
                        && data.connection().index() == 0) {
                    segments.add(new long[] {data.timestampNanos(), data.streamOffset(), data.data().length});
                }
            });
        }
        return segments;
    }

    /**
     * When each recorded segment's first byte went on the wire: the time of the replayed packet that carried it.
     * Matched by stream offset, not by position, so two writes the kernel sent as one packet (Linux autocorking
     * merges a write into the previous one when that one has not left the host yet) do not shift the rest.
     */
    private static long[] wireTimes(List<long[]> recorded, List<long[]> replayed) {
        long[] times = new long[recorded.size()];
        times[0] = replayed.get(0)[0];
        int packet = 1;
        for (int i = 1; i < recorded.size(); i++) {
            long offset = recorded.get(i)[1];
            while (packet < replayed.size() && replayed.get(packet)[1] + replayed.get(packet)[2] <= offset) {
                packet++;
            }
            times[i] = packet < replayed.size() ? replayed.get(packet)[0] : Long.MIN_VALUE;
        }
        return times;
    }

    private static void analyze(Path recorded, Path replayed, double speed) throws Exception {
        List<long[]> recordedSegments = clientSegments(recorded);
        List<long[]> replayedSegments = clientSegments(replayed);
        long[] due = recordedSegments.stream().mapToLong(segment -> segment[0]).toArray();
        long[] actual = wireTimes(recordedSegments, replayedSegments);
        int n = due.length - 1;
        while (n > 0 && actual[n] == Long.MIN_VALUE) {
            n--; // not on the wire at all (the recording of the replay stopped early)
        }
        // Each segment's offset from its recorded time, both measured from the connection's SYN. The schedule's
        // origin is the moment the JVM saw the connection up, which the wire does not show: take the median
        // offset as that origin, and the error of each segment as its distance from it.
        long[] offsets = new long[n];
        for (int i = 1; i <= n; i++) {
            offsets[i - 1] = (actual[i] - actual[0]) - (long) ((due[i] - due[0]) / speed);
        }
        long origin = Arrays.stream(offsets).sorted().toArray()[n / 2];
        long[] magnitudes =
                Arrays.stream(offsets).map(o -> Math.abs(o - origin)).sorted().toArray();
        long tail = 0;
        for (int i = n - 100; i < n; i++) {
            tail += offsets[i] - origin;
        }
        System.out.printf(
                Locale.ROOT,
                "segments recorded %d, on the wire %d packets%s%n",
                due.length - 1,
                replayedSegments.size() - 1,
                replayedSegments.size() == due.length
                        ? " (one per segment)"
                        : " (the kernel merged " + (due.length - replayedSegments.size())
                                + " late writes into the one before)");
        System.out.printf(
                Locale.ROOT,
                "|send time - due time|: p50 %.1f us, p99 %.1f us, max %.1f us%n",
                magnitudes[n / 2] / 1e3,
                magnitudes[(int) Math.ceil(n * 0.99) - 1] / 1e3,
                magnitudes[n - 1] / 1e3);
        System.out.printf(
                Locale.ROOT,
                "drift: the last 100 segments are %+.1f us off on average, the last one %+.1f us, " + "after %.1f s%n",
                tail / 100 / 1e3,
                (offsets[n - 1] - origin) / 1e3,
                (due[n] - due[1]) / speed / 1e9);
        if (System.getenv("PACING_DETAIL") != null) {
            for (int i = 0; i < n; i++) {
                if (Math.abs(offsets[i] - origin) > 200_000) {
                    System.out.printf(Locale.ROOT, "  segment %d: %+.1f us%n", i + 1, (offsets[i] - origin) / 1e3);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "start-up: the schedule began %.1f ms after the SYN; the first segment was %+.1f ms off%n",
                origin / 1e6,
                (offsets[0] - origin) / 1e6);
    }
}
