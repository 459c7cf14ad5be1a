package org.replaytcp.replay;

/**
 * How long a hand-over to one writer thread (a netty event loop) takes, so a task due at T can be handed over at
 * T minus that, and run on time on the writer's own thread.
 *
 * <p>A hand-over costs what the writer's thread needs to wake up: tens of microseconds when it is awake,
 * hundreds when it sleeps, milliseconds while the JVM is still compiling the path. The lead rises half way to
 * any slower hand-over at once and forgets by 1/256 per hand-over, so the slow ones that recur now and then stay
 * covered; within {@link #MIN_NANOS}..{@link #MAX_NANOS}. A task that arrives early does not block the writer:
 * it yields and is run again (see {@link PreciseScheduler}), so an over-estimate costs a little CPU, not other
 * connections' time.
 */
final class HopLead {

    static final long MIN_NANOS = 20_000;
    static final long MAX_NANOS = 1_000_000;
    private static final long INITIAL_NANOS = 200_000;

    private long nanos = INITIAL_NANOS;

    /** A hand-over took {@code hopNanos}, from being handed over to starting on the writer's thread. */
    synchronized void observe(long hopNanos) {
        if (hopNanos > nanos) {
            nanos += (hopNanos - nanos) / 2;
        } else {
            nanos -= (nanos - hopNanos) >> 8;
        }
        nanos = Math.max(MIN_NANOS, Math.min(MAX_NANOS, nanos));
    }

    /** How early to hand over the next task. */
    synchronized long nanos() {
        return nanos;
    }
}
