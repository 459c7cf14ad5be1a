package org.replaytcp.replay;

/** Time for the pacing: read it, and wait until a moment. Tests use a fake that never sleeps. */
public interface ReplayClock {

    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Returns at {@code deadlineNanos} or just after (at once if it has passed). */
    void waitUntil(long deadlineNanos) throws InterruptedException;

    /**
     * Returns at about {@code deadlineNanos}, without spending a CPU on precision: for waits whose last stretch
     * someone else waits out precisely.
     */
    default void waitRoughlyUntil(long deadlineNanos) throws InterruptedException {
        waitUntil(deadlineNanos);
    }
}
