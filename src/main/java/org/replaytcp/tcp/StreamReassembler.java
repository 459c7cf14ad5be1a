package org.replaytcp.tcp;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts one direction of a connection back in order: bytes in by sequence number, in-order events out.
 *
 * <p>Sequence numbers are 32-bit and wrap; they are turned into 64-bit stream offsets relative to what is
 * expected next, so a wrap is just another step forward. Offset 0 is the first byte after the SYN, or the
 * first byte seen when the capture holds no SYN. Bytes already delivered are dropped (the first copy wins)
 * and counted as retransmitted; segments ahead of a hole wait until it fills. A hole becomes a gap when the
 * peer acknowledges past it (it was sent, the capture lacks it), when the connection closes, or when too
 * much waits behind it.
 */
final class StreamReassembler {

    private static final long SEQUENCE_MASK = 0xFFFF_FFFFL;
    /** Acknowledgments further ahead than this are not believed to describe this stream. */
    private static final long PLAUSIBLE_WINDOW = 1L << 30;

    static final long MAX_PENDING_BYTES = 32L * 1024 * 1024;
    static final int MAX_PENDING_SEGMENTS = 65_536;

    /** A segment waiting for the bytes before it; {@code data == null} marks bytes known to be missing. */
    private record Pending(long start, byte[] data, int from, int length) {
        long end() {
            return start + length;
        }
    }

    private final ConnectionInfo connection;
    private final Direction direction;
    private final Consumer<TcpEvent> sink;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private boolean started;
    private boolean synchronizedBySyn;
    private long base;
    private long next;
    private long pendingBytes;
    private long finOffset = -1;
    private boolean halfClosed;
    private long highestAcknowledged;

    private long deliveredBytes;
    private long retransmittedBytes;
    private long outOfOrderSegments;
    private long missingBytes;

    private final boolean payloadWanted;

    /**
     * @param payloadWanted false when only the counts matter (inspect): data events are then not made at all,
     *                      which saves a copy of every payload byte
     */
    StreamReassembler(ConnectionInfo connection, Direction direction, Consumer<TcpEvent> sink, boolean payloadWanted) {
        this.connection = connection;
        this.direction = direction;
        this.sink = sink;
        this.payloadWanted = payloadWanted;
    }

    /** The sender's SYN: its sequence number plus one is stream offset 0. */
    void synchronize(long initialSequence) {
        if (!started) {
            base = (initialSequence + 1) & SEQUENCE_MASK;
            started = true;
            synchronizedBySyn = true;
        }
    }

    boolean synchronizedBySyn() {
        return synchronizedBySyn;
    }

    /** The sequence number of stream offset 0, or -1 when nothing was seen yet. */
    long initialSequence() {
        return started ? (base - 1) & SEQUENCE_MASK : -1;
    }

    private long offsetOf(long sequence) {
        int ahead = (int) (sequence - ((base + next) & SEQUENCE_MASK));
        return next + ahead;
    }

    /**
     * A segment's payload.
     *
     * @param sequence the sequence number of its first payload byte
     * @param captured how many payload bytes the capture holds, from {@code from} in {@code frame}
     * @param missing  how many more the sender sent that the capture cut off
     */
    void offer(long sequence, byte[] frame, int from, int captured, int missing, long timestampNanos) {
        if (!started) {
            base = sequence;
            started = true;
        }
        long start = offsetOf(sequence);
        if (start > next) {
            outOfOrderSegments++;
        }
        place(new Pending(start, frame, from, captured), timestampNanos);
        if (missing > 0) {
            place(new Pending(start + captured, null, 0, missing), timestampNanos);
        }
        drain(timestampNanos);
        if (pendingBytes > MAX_PENDING_BYTES || pending.size() > MAX_PENDING_SEGMENTS) {
            gapTo(pending.firstKey(), timestampNanos);
            drain(timestampNanos);
        }
    }

    /** Puts a piece in order: delivers it if it is next, keeps what is new of it if it is ahead. */
    private void place(Pending piece, long timestampNanos) {
        if (piece.length() == 0) {
            return;
        }
        if (piece.end() <= next) {
            countRepeated(piece);
            return;
        }
        if (piece.start() <= next) {
            countRepeated(piece, next - piece.start());
            deliver(trimFront(piece, next), timestampNanos);
            return;
        }
        // Ahead of a hole: keep only the parts no waiting piece covers yet.
        long cursor = piece.start();
        long end = piece.end();
        Map.Entry<Long, Pending> before = pending.floorEntry(cursor);
        if (before != null && before.getValue().end() > cursor) {
            long covered = Math.min(end, before.getValue().end()) - cursor;
            countRepeated(piece, covered);
            cursor += covered;
        }
        while (cursor < end) {
            Map.Entry<Long, Pending> after = pending.ceilingEntry(cursor);
            long stop = after == null ? end : Math.min(end, after.getKey());
            if (stop > cursor) {
                // Kept for later, so it gets its own bytes: the frame is the reader's buffer, reused for the next
                // packet.
                Pending part = owned(slice(piece, cursor, stop));
                pending.put(cursor, part);
                pendingBytes += part.length();
                cursor = stop;
            }
            if (after != null && cursor == after.getKey()) {
                long covered = Math.min(end, after.getValue().end()) - cursor;
                countRepeated(piece, covered);
                cursor += covered;
            }
        }
    }

    private void drain(long timestampNanos) {
        while (!pending.isEmpty() && pending.firstKey() <= next) {
            Pending piece = pending.pollFirstEntry().getValue();
            pendingBytes -= piece.length();
            if (piece.end() <= next) {
                countRepeated(piece);
            } else {
                countRepeated(piece, next - piece.start());
                deliver(trimFront(piece, next), timestampNanos);
            }
        }
        if (finOffset >= 0 && next >= finOffset && !halfClosed) {
            halfClosed = true;
            sink.accept(new TcpEvent.HalfClose(connection, timestampNanos, direction, next));
        }
    }

    private void deliver(Pending piece, long timestampNanos) {
        if (piece.data() == null) {
            missingBytes += piece.length();
            sink.accept(new TcpEvent.StreamGap(connection, timestampNanos, direction, next, piece.length()));
        } else {
            deliveredBytes += piece.length();
            if (payloadWanted) {
                sink.accept(new TcpEvent.DataSegment(connection, timestampNanos, direction, next, copyOf(piece)));
            }
        }
        next += piece.length();
    }

    private void gapTo(long offset, long timestampNanos) {
        if (offset > next) {
            deliver(new Pending(next, null, 0, (int) Math.min(Integer.MAX_VALUE, offset - next)), timestampNanos);
            if (offset > next) {
                gapTo(offset, timestampNanos);
            }
        }
    }

    /** The sender's FIN, which takes the sequence number after its last byte. */
    void finish(long finSequence, long timestampNanos) {
        if (!started) {
            base = finSequence;
            started = true;
        }
        if (finOffset < 0) {
            finOffset = offsetOf(finSequence);
            drain(timestampNanos);
        }
    }

    /** The peer acknowledged everything before {@code acknowledgment}: holes before it are capture losses. */
    void acknowledged(long acknowledgment, long timestampNanos) {
        if (!started) {
            return;
        }
        long offset = offsetOf(acknowledgment);
        if (offset <= next || offset - next > PLAUSIBLE_WINDOW) {
            return;
        }
        if (finOffset >= 0 && offset > finOffset) {
            flush(timestampNanos);
            return;
        }
        highestAcknowledged = Math.max(highestAcknowledged, offset);
        if (!pending.isEmpty()) {
            gapTo(Math.min(offset, pending.firstKey()), timestampNanos);
            drain(timestampNanos);
        }
    }

    /** The connection is over: whatever still waits is delivered, each hole before it reported as a gap. */
    void flush(long timestampNanos) {
        while (!pending.isEmpty()) {
            gapTo(pending.firstKey(), timestampNanos);
            drain(timestampNanos);
        }
        long knownEnd = Math.max(highestAcknowledged, finOffset);
        gapTo(knownEnd, timestampNanos);
        drain(timestampNanos);
    }

    private void countRepeated(Pending piece) {
        countRepeated(piece, piece.length());
    }

    private void countRepeated(Pending piece, long bytes) {
        if (piece.data() != null) {
            retransmittedBytes += bytes;
        }
    }

    private static Pending owned(Pending piece) {
        return piece.data() == null ? piece : new Pending(piece.start(), copyOf(piece), 0, piece.length());
    }

    /** The piece's bytes in an array of their own. */
    private static byte[] copyOf(Pending piece) {
        return Arrays.copyOfRange(piece.data(), piece.from(), piece.from() + piece.length());
    }

    private static Pending trimFront(Pending piece, long newStart) {
        return slice(piece, newStart, piece.end());
    }

    private static Pending slice(Pending piece, long start, long end) {
        int skip = (int) (start - piece.start());
        return new Pending(start, piece.data(), piece.data() == null ? 0 : piece.from() + skip, (int) (end - start));
    }

    boolean halfClosed() {
        return halfClosed;
    }

    boolean started() {
        return started;
    }

    long deliveredBytes() {
        return deliveredBytes;
    }

    long retransmittedBytes() {
        return retransmittedBytes;
    }

    long outOfOrderSegments() {
        return outOfOrderSegments;
    }

    long missingBytes() {
        return missingBytes;
    }
}
