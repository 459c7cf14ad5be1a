package org.replaytcp.replay;

/**
 * How early the pacing hands a segment to the thread that writes it, which then waits out the rest and writes
 * on time: a little more than the recent hand-overs took.
 *
 * <p>A hand-over takes what the writer's thread needs to wake up and what the route's steps cost: milliseconds
 * while the JVM is still compiling the path, tens of microseconds after. A fixed lead is either late at first or
 * burns a core spinning later; this one follows the slowest recent hand-over, forgets it by 1/512 per segment, and
 * keeps twice that, within {@link #MIN_NANOS}..{@link #MAX_NANOS}. Slow hand-overs come back every hundred
 * segments or so (pacing bench): forgetting them by 1/64 per segment made p99 ~0.6 ms, by 1/512 ~0.35 ms (medians
 * of runs). The writer parks while it waits, so a wide lead costs no CPU; it does hold back other channels of the
 * same event loop, but only until a due time that comes before theirs. Written by one thread, read by another.
 */
public final class HandoffLead {

    public static final long MIN_NANOS = 300_000;
    public static final long MAX_NANOS = 5_000_000;
    /** Until the first hand-over is measured: the path is cold. */
    private static final long INITIAL_SLOWEST = MAX_NANOS / 2;

    private volatile long slowest = INITIAL_SLOWEST;

    /** A hand-over took {@code nanos}, from the pacing's release to the writer's thread picking it up. */
    public void observe(long nanos) {
        long decayed = slowest - (slowest >> 9);
        slowest = Math.max(nanos, decayed);
    }

    /** How early to hand over the next segment. */
    public long nanos() {
        return Math.max(MIN_NANOS, Math.min(MAX_NANOS, 2 * slowest));
    }
}
