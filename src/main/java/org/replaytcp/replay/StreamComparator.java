package org.replaytcp.replay;

import java.util.ArrayDeque;

/**
 * Compares a live byte stream with the recorded one while both arrive, in any interleaving: recorded bytes
 * from the capture, live bytes from the network. Only the side that is ahead is buffered, and no more than a
 * bound; past it (or after the first difference) only counts are kept.
 *
 * <p>Thread-safe: the capture thread and a network thread call it at once.
 */
public final class StreamComparator {

    /** How many bytes one side may be ahead of the other before comparison gives up. */
    public static final long DEFAULT_MAX_BUFFERED = 64L * 1024 * 1024;

    /** A run of expected bytes; {@code data == null} means bytes the capture lacks, which match anything. */
    private record Chunk(byte[] data, int from, int length) {
    }

    private final long maxBuffered;
    private final ArrayDeque<Chunk> expectedAhead = new ArrayDeque<>();
    private final ArrayDeque<Chunk> actualAhead = new ArrayDeque<>();
    private long bufferedBytes;
    private long expectedBytes;
    private long actualBytes;
    private long comparedBytes;
    private long firstDifference = -1;
    private boolean gaveUp;

    public StreamComparator() {
        this(DEFAULT_MAX_BUFFERED);
    }

    public StreamComparator(long maxBuffered) {
        this.maxBuffered = maxBuffered;
    }

    /** Recorded bytes of the peer, in order. */
    public synchronized void expect(byte[] data) {
        expectedBytes += data.length;
        add(expectedAhead, new Chunk(data, 0, data.length));
    }

    /** Recorded bytes the capture lacks: whatever the peer sends there is accepted. */
    public synchronized void expectUnknown(long length) {
        expectedBytes += length;
        long left = length;
        while (left > 0) {
            int part = (int) Math.min(Integer.MAX_VALUE, left);
            add(expectedAhead, new Chunk(null, 0, part));
            left -= part;
        }
    }

    /** Bytes the live peer sent, in order. The array is copied if it must wait. */
    public synchronized void actual(byte[] data, int from, int length) {
        actualBytes += length;
        add(actualAhead, new Chunk(data, from, length));
    }

    private void add(ArrayDeque<Chunk> side, Chunk chunk) {
        if (chunk.length() == 0) {
            return;
        }
        if (firstDifference >= 0 || gaveUp) {
            return;
        }
        ArrayDeque<Chunk> other = side == expectedAhead ? actualAhead : expectedAhead;
        Chunk rest = chunk;
        while (rest != null && !other.isEmpty()) {
            Chunk head = other.pollFirst();
            bufferedBytes -= head.length();
            int n = Math.min(head.length(), rest.length());
            Chunk expected = side == expectedAhead ? rest : head;
            Chunk actual = side == expectedAhead ? head : rest;
            int mismatch = mismatch(expected, actual, n);
            if (mismatch >= 0) {
                firstDifference = comparedBytes + mismatch;
                expectedAhead.clear();
                actualAhead.clear();
                bufferedBytes = 0;
                return;
            }
            comparedBytes += n;
            if (head.length() > n) {
                other.addFirst(new Chunk(head.data(), head.from() + n, head.length() - n));
                bufferedBytes += head.length() - n;
            }
            rest = rest.length() > n ? new Chunk(rest.data(), rest.from() + n, rest.length() - n) : null;
        }
        if (rest != null) {
            if (bufferedBytes + rest.length() > maxBuffered) {
                gaveUp = true;
                expectedAhead.clear();
                actualAhead.clear();
                bufferedBytes = 0;
                return;
            }
            byte[] copy = rest.data() == null ? null
                    : java.util.Arrays.copyOfRange(rest.data(), rest.from(), rest.from() + rest.length());
            side.addLast(new Chunk(copy, 0, rest.length()));
            bufferedBytes += rest.length();
        }
    }

    /** Index of the first differing byte among the first {@code n}, or -1. */
    private static int mismatch(Chunk expected, Chunk actual, int n) {
        if (expected.data() == null) {
            return -1;
        }
        return java.util.Arrays.mismatch(expected.data(), expected.from(), expected.from() + n,
                actual.data(), actual.from(), actual.from() + n);
    }

    /** The verdict so far; final once both streams have ended. */
    public synchronized Verdict verdict() {
        if (firstDifference >= 0) {
            return Verdict.DIFFERS;
        }
        if (gaveUp) {
            return Verdict.NOT_VERIFIED;
        }
        if (actualBytes < expectedBytes) {
            return Verdict.SHORTER;
        }
        return actualBytes > expectedBytes ? Verdict.LONGER : Verdict.IDENTICAL;
    }

    /** Stream offset of the first byte that differs, or -1. */
    public synchronized long firstDifference() {
        return firstDifference;
    }

    public synchronized long expectedBytes() {
        return expectedBytes;
    }

    public synchronized long actualBytes() {
        return actualBytes;
    }
}
