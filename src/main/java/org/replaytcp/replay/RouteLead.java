package org.replaytcp.replay;

/**
 * How far ahead of its due time a segment is let go, so that the steps between the pacing and the socket (a
 * route, a netty producer) are done by then and only the write itself waits for the due time. It follows the
 * slowest recent trip through those steps, doubled, and forgets by 1/1024 per trip; within
 * {@link #MIN_NANOS}..{@link #MAX_NANOS}. A wide lead costs nothing (an early segment only waits in the encoder,
 * holding no thread), while a trip longer than the lead makes its segment late: the JIT's compilations now and
 * then stall a trip for milliseconds during the first thousand or so (pacing bench), hence the 5 ms floor.
 */
public final class RouteLead {

    static final long MIN_NANOS = 5_000_000;
    static final long MAX_NANOS = 50_000_000;

    private long slowest = MAX_NANOS / 2;

    /** A segment took {@code nanos} from being let go to reaching the encoder. */
    public synchronized void observe(long nanos) {
        slowest = Math.max(nanos, slowest - (slowest >> 10));
    }

    /** How far ahead of its due time to let the next segment go. */
    public synchronized long nanos() {
        return Math.max(MIN_NANOS, Math.min(MAX_NANOS, 2 * slowest));
    }
}
