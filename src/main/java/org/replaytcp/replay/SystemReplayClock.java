package org.replaytcp.replay;

import java.util.concurrent.locks.LockSupport;

/**
 * The real clock: parks until shortly before the deadline, then spins the rest. Parking alone wakes up to
 * milliseconds late; spinning the last 200 µs gets within microseconds (measured: FINDINGS, pacing table).
 */
public final class SystemReplayClock implements ReplayClock {

    public static final SystemReplayClock INSTANCE = new SystemReplayClock();

    /** Wake this long before the deadline and spin the rest. */
    private static final long SPIN_NANOS = 200_000;

    private SystemReplayClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void waitUntil(long deadlineNanos) throws InterruptedException {
        waitRoughlyUntil(deadlineNanos - SPIN_NANOS);
        while (deadlineNanos - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }

    /** Parks until the deadline: wakes up to a few hundred microseconds late, and costs no CPU meanwhile. */
    @Override
    public void waitRoughlyUntil(long deadlineNanos) throws InterruptedException {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
