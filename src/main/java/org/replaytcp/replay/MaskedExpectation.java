package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds the recorded peer stream to a {@link StreamComparator} with the {@link IgnoreRules} applied: masked
 * bytes are handed on as bytes that match anything.
 *
 * <p>A match may span segments, so the last {@link #LOOKAHEAD} bytes are held back until more arrive (or the
 * stream ends): a match up to that long is always seen whole before its bytes are handed on. The rules run over what
 * is pending once another {@link #LOOKAHEAD} bytes have come, not at every segment: each byte is scanned at most
 * about twice, whatever the segment size (at every 7-byte segment, each byte was scanned ~600 times).
 */
public final class MaskedExpectation {

    /** The longest match guaranteed to be found across segment boundaries. */
    public static final int LOOKAHEAD = 4096;

    private final IgnoreRules rules;
    private final StreamComparator comparator;
    private byte[] pending;
    private int pendingLength;
    private long pendingStart;
    /** Masked ranges found earlier that reach into what is still pending. */
    private List<IgnoreRules.Range> carried = new ArrayList<>();
    /** Bytes the rules were run over, in all: what the batching keeps linear (for tests). */
    private long scanned;

    public MaskedExpectation(IgnoreRules rules, StreamComparator comparator) {
        this.rules = rules;
        this.comparator = comparator;
        // Only masks hold bytes back: without rules, nothing is kept here (thousands of connections, 8 KB each).
        this.pending = new byte[rules.isEmpty() ? 0 : 2 * LOOKAHEAD];
    }

    /** Recorded bytes of the peer, in order, in an array nobody changes afterwards (it may be kept as it is). */
    public void expect(byte[] data) {
        if (rules.isEmpty()) {
            comparator.expectUnchanging(data); // a captured segment's bytes: nobody changes them
            return;
        }
        if (pendingLength + data.length > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + data.length));
        }
        System.arraycopy(data, 0, pending, pendingLength, data.length);
        pendingLength += data.length;
        if (pendingLength >= 2 * LOOKAHEAD) {
            release(pendingLength - LOOKAHEAD);
        }
    }

    /** Recorded bytes the capture lacks. */
    public void expectUnknown(long length) {
        release(pendingLength);
        comparator.expectUnknown(length);
        pendingStart += length;
    }

    /** The recorded stream has ended: hand on what was held back. */
    public void finish() {
        release(pendingLength);
    }

    /** How many bytes the rules were run over so far. */
    long scannedBytes() {
        return scanned;
    }

    /** Hands on the first {@code count} pending bytes, masked where the rules say. */
    private void release(int count) {
        if (count <= 0 || rules.isEmpty()) {
            return;
        }
        List<IgnoreRules.Range> ranges = new ArrayList<>(carried);
        ranges.addAll(rules.find(pending, pendingLength, pendingStart, pendingStart));
        scanned += pendingLength;
        ranges.sort(java.util.Comparator.comparingLong(IgnoreRules.Range::from));
        long end = pendingStart + count;
        long cursor = pendingStart;
        List<IgnoreRules.Range> stillOpen = new ArrayList<>();
        for (IgnoreRules.Range range : ranges) {
            if (range.to() > end) {
                stillOpen.add(range);
            }
            long from = Math.max(range.from(), cursor);
            long to = Math.min(range.to(), end);
            if (from >= to) {
                continue;
            }
            if (from > cursor) {
                comparator.expect(pending, (int) (cursor - pendingStart), (int) (from - cursor));
            }
            comparator.expectUnknown(to - from);
            cursor = to;
        }
        if (cursor < end) {
            comparator.expect(pending, (int) (cursor - pendingStart), (int) (end - cursor));
        }
        // The comparator copies what it cannot compare at once, so the held-back bytes may move in place.
        System.arraycopy(pending, count, pending, 0, pendingLength - count);
        pendingLength -= count;
        pendingStart = end;
        carried = stillOpen;
    }
}
