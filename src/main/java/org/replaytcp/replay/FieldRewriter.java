package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Applies {@link FieldRewrite} rules to one connection's stream of ours, segment by segment, in stream order.
 * Frames and fields may straddle segments: the last bytes of a segment are kept to find a prefix that continues
 * in the next one, and a field's value is decided when its frame is found and written into the segments that hold
 * it. Segments keep their lengths. The counters are the run's ({@link Counters}), shared by its connections.
 */
public final class FieldRewriter {

    /** The run's counters, one per rule: the next value each gives, set by the first frame found. */
    public static final class Counters {
        private final long[] next;
        private final boolean[] started;

        public Counters(int rules) {
            next = new long[rules];
            started = new boolean[rules];
        }

        synchronized boolean started(int rule) {
            return started[rule];
        }

        synchronized long take(int rule, long recorded) {
            if (!started[rule]) {
                started[rule] = true;
                next[rule] = recorded;
            }
            return next[rule]++;
        }
    }

    /**
     * A field being written: its first byte's stream offset and its new bytes; or, for the run's first frame of a
     * counter whose field goes on into the next segment, its recorded bytes as they come ({@code rule} set): they
     * stay as recorded, and start the counter once all are seen.
     */
    private record Pending(long start, byte[] bytes, int rule) {

        boolean collecting() {
            return rule >= 0;
        }
    }

    private final List<FieldRewrite> rules;
    private final Counters counters;
    private final LongSupplier epochMillis;
    /** Per rule: the original bytes before the current segment (at most the prefix's length - 1), and their offset. */
    private final byte[][] tails;

    private final long[] tailStarts;
    /** Per rule: where the next prefix may start (after the last field found). */
    private final long[] scanFrom;

    private final List<Pending> pending = new ArrayList<>();

    public FieldRewriter(List<FieldRewrite> rules, Counters counters, LongSupplier epochMillis) {
        this.rules = List.copyOf(rules);
        this.counters = counters;
        this.epochMillis = epochMillis;
        this.tails = new byte[rules.size()][0];
        this.tailStarts = new long[rules.size()];
        this.scanFrom = new long[rules.size()];
    }

    /**
     * Our segment at stream offset {@code offset}, rewritten: {@code data} itself when no field falls in it, else a
     * changed copy. Call for each segment of ours in order (a gap in the capture may come between).
     */
    public byte[] rewrite(long offset, byte[] data) {
        for (int r = 0; r < rules.size(); r++) {
            find(r, offset, data);
        }
        if (pending.isEmpty()) {
            return data;
        }
        byte[] out = data;
        long end = offset + data.length;
        for (int i = 0; i < pending.size(); ) {
            Pending field = pending.get(i);
            long fieldEnd = field.start() + field.bytes().length;
            long from = Math.max(field.start(), offset);
            long to = Math.min(fieldEnd, end);
            for (long at = from; at < to; at++) {
                if (field.collecting()) {
                    field.bytes()[(int) (at - field.start())] = data[(int) (at - offset)];
                    continue;
                }
                byte b = field.bytes()[(int) (at - field.start())];
                if (out[(int) (at - offset)] != b) {
                    if (out == data) {
                        out = data.clone(); // the recording stays as recorded
                    }
                    out[(int) (at - offset)] = b;
                }
            }
            if (fieldEnd <= end) {
                if (field.collecting()) {
                    FieldRewrite rule = rules.get(field.rule());
                    counters.take(field.rule(), rule.decode(field.bytes())); // it keeps its recorded value
                }
                pending.remove(i);
            } else {
                i++;
            }
        }
        return out;
    }

    /** Finds rule {@code r}'s frames starting in or just before this segment, and decides their fields. */
    private void find(int r, long offset, byte[] data) {
        FieldRewrite rule = rules.get(r);
        byte[] prefix = rule.prefix();
        byte[] tail = tails[r];
        if (tailStarts[r] + tail.length != offset) {
            tail = new byte[0]; // a gap: a prefix cannot continue across it
        }
        long windowStart = offset - tail.length;
        int windowLength = tail.length + data.length;
        for (int i = 0; i + prefix.length <= windowLength; i++) {
            long at = windowStart + i;
            if (at < scanFrom[r] || !startsWith(tail, data, i, prefix)) {
                continue;
            }
            long fieldStart = at + rule.from();
            boolean wholeField = fieldStart + rule.width() <= windowStart + windowLength;
            if (rule.value() == FieldRewrite.Value.COUNTER && !wholeField && !counters.started(r)) {
                pending.add(new Pending(fieldStart, new byte[rule.width()], r));
            } else {
                pending.add(new Pending(fieldStart, value(r, rule, tail, data, windowStart, fieldStart), -1));
            }
            scanFrom[r] = at + rule.to() + 1;
            i = (int) (scanFrom[r] - windowStart) - 1;
        }
        int keep = Math.min(prefix.length - 1, windowLength);
        byte[] newTail = new byte[keep];
        for (int k = 0; k < keep; k++) {
            newTail[k] = byteAt(tail, data, windowLength - keep + k);
        }
        tails[r] = newTail;
        tailStarts[r] = windowStart + windowLength - keep;
    }

    private byte[] value(int r, FieldRewrite rule, byte[] tail, byte[] data, long windowStart, long fieldStart) {
        return switch (rule.value()) {
            case CONST -> rule.constant();
            case TIME_MS -> rule.encode(epochMillis.getAsLong());
            case TIME_S -> rule.encode(Math.floorDiv(epochMillis.getAsLong(), 1000));
            case COUNTER -> {
                // The recorded value starts the run's counter (the first frame keeps it); later frames count on.
                byte[] recorded = new byte[rule.width()];
                int windowLength = tail.length + data.length;
                for (int k = 0; k < recorded.length; k++) {
                    long index = fieldStart + k - windowStart;
                    recorded[k] = index < windowLength ? byteAt(tail, data, (int) index) : 0;
                }
                yield rule.encode(counters.take(r, rule.decode(recorded)));
            }
        };
    }

    private static boolean startsWith(byte[] tail, byte[] data, int at, byte[] prefix) {
        for (int k = 0; k < prefix.length; k++) {
            if (byteAt(tail, data, at + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte byteAt(byte[] tail, byte[] data, int index) {
        return index < tail.length ? tail[index] : data[index - tail.length];
    }

    @Override
    public String toString() {
        return "FieldRewriter" + rules + (pending.isEmpty() ? "" : " pending " + Arrays.toString(pending.toArray()));
    }
}
