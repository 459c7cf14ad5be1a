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
    private record Chunk(byte[] data, int from, int length) {}

    private final long maxBuffered;
    private final ArrayDeque<Chunk> expectedAhead = new ArrayDeque<>();
    private final ArrayDeque<Chunk> actualAhead = new ArrayDeque<>();
    private long bufferedBytes;
    private long expectedBytes;
    private long actualBytes;
    private long comparedBytes;
    private long firstDifference = -1;
    private boolean gaveUp;
    /** The last bytes compared equal, for the context of a difference. */
    private final byte[] recent = new byte[CONTEXT_BEFORE];

    private int recentLength;
    private ContextBuilder expectedContext;
    private ContextBuilder actualContext;
    private long contextStart;

    /** Bytes shown before the first difference, and in all, in a difference's context. */
    public static final int CONTEXT_BEFORE = 8;

    public static final int CONTEXT_LENGTH = 32;

    /** Collects up to {@link #CONTEXT_LENGTH} bytes of one side; -1 marks a byte the capture lacks (masked). */
    private static final class ContextBuilder {
        final int[] bytes = new int[CONTEXT_LENGTH];
        int length;

        void add(Chunk chunk) {
            for (int i = 0; i < chunk.length() && length < CONTEXT_LENGTH; i++) {
                bytes[length++] = chunk.data() == null ? -1 : chunk.data()[chunk.from() + i] & 0xFF;
            }
        }

        boolean full() {
            return length == CONTEXT_LENGTH;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(bytes, length);
        }
    }

    public StreamComparator() {
        this(DEFAULT_MAX_BUFFERED);
    }

    public StreamComparator(long maxBuffered) {
        this.maxBuffered = maxBuffered;
    }

    /** Recorded bytes of the peer, in order. */
    public synchronized void expect(byte[] data) {
        expect(data, 0, data.length);
    }

    /** Recorded bytes of the peer, in order: {@code length} bytes of {@code data} from {@code from}. */
    public synchronized void expect(byte[] data, int from, int length) {
        expectedBytes += length;
        add(expectedAhead, new Chunk(data, from, length), false);
    }

    /**
     * Recorded bytes of the peer, in order, in an array that nobody changes afterwards (a captured segment's): kept
     * as it is while it waits for the live bytes, not copied. The live peer's answer usually comes after the
     * recorded one is expected, so every recorded byte of the peer would otherwise be copied once more.
     */
    public synchronized void expectUnchanging(byte[] data) {
        expectedBytes += data.length;
        add(expectedAhead, new Chunk(data, 0, data.length), true);
    }

    /** Recorded bytes the capture lacks: whatever the peer sends there is accepted. */
    public synchronized void expectUnknown(long length) {
        expectedBytes += length;
        long left = length;
        while (left > 0) {
            int part = (int) Math.min(Integer.MAX_VALUE, left);
            add(expectedAhead, new Chunk(null, 0, part), true);
            left -= part;
        }
    }

    /** Bytes the live peer sent, in order. The array is only lent: what must wait is copied. */
    public synchronized void actual(byte[] data, int from, int length) {
        actualBytes += length;
        add(actualAhead, new Chunk(data, from, length), false);
    }

    /** Compares {@code chunk} with what waits on the other side; what is left waits, copied unless {@code kept}. */
    private void add(ArrayDeque<Chunk> side, Chunk chunk, boolean kept) {
        if (chunk.length() == 0) {
            return;
        }
        if (firstDifference >= 0) {
            // Past the difference only its context is still wanted.
            ContextBuilder context = side == expectedAhead ? expectedContext : actualContext;
            context.add(chunk);
            return;
        }
        if (gaveUp) {
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
                remember(actual, mismatch);
                firstDifference = comparedBytes + mismatch;
                startContext(expected, actual, mismatch);
                expectedAhead.clear();
                actualAhead.clear();
                bufferedBytes = 0;
                return;
            }
            remember(actual, n);
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
            if (kept || rest.data() == null) {
                side.addLast(rest);
            } else {
                byte[] copy = java.util.Arrays.copyOfRange(rest.data(), rest.from(), rest.from() + rest.length());
                side.addLast(new Chunk(copy, 0, rest.length()));
            }
            bufferedBytes += rest.length();
        }
    }

    /** Keeps the last of the {@code n} bytes just compared equal, for a later difference's context. */
    private void remember(Chunk actual, int n) {
        for (int i = Math.max(0, n - CONTEXT_BEFORE); i < n; i++) {
            if (recentLength == CONTEXT_BEFORE) {
                System.arraycopy(recent, 1, recent, 0, CONTEXT_BEFORE - 1);
                recentLength--;
            }
            recent[recentLength++] = actual.data()[actual.from() + i];
        }
    }

    /**
     * The first difference is at {@code mismatch} in the current pair of chunks: its context is the last bytes
     * compared equal, then each side from the difference on (the rest of the current chunks, what waits behind
     * them — only one side ever waits — and what comes later, up to {@link #CONTEXT_LENGTH}).
     */
    private void startContext(Chunk expected, Chunk actual, int mismatch) {
        contextStart = firstDifference - recentLength;
        expectedContext = new ContextBuilder();
        actualContext = new ContextBuilder();
        Chunk before = new Chunk(java.util.Arrays.copyOf(recent, recentLength), 0, recentLength);
        expectedContext.add(before);
        actualContext.add(before);
        expectedContext.add(new Chunk(
                expected.data(),
                expected.data() == null ? 0 : expected.from() + mismatch,
                expected.length() - mismatch));
        actualContext.add(new Chunk(actual.data(), actual.from() + mismatch, actual.length() - mismatch));
        for (Chunk waiting : expectedAhead) {
            expectedContext.add(waiting);
        }
        for (Chunk waiting : actualAhead) {
            actualContext.add(waiting);
        }
    }

    /** The first difference with what surrounds it on each side, or null when there is none. */
    public synchronized Difference difference() {
        if (firstDifference < 0) {
            return null;
        }
        return new Difference(firstDifference, contextStart, expectedContext.toArray(), actualContext.toArray());
    }

    /** Index of the first differing byte among the first {@code n}, or -1. */
    private static int mismatch(Chunk expected, Chunk actual, int n) {
        if (expected.data() == null) {
            return -1;
        }
        return java.util.Arrays.mismatch(
                expected.data(), expected.from(), expected.from() + n, actual.data(), actual.from(), actual.from() + n);
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
