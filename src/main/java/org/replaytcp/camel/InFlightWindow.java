package org.replaytcp.camel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * At most {@code size} exchanges in the route at once, for one sending thread, with few wake-ups.
 *
 * <p>A semaphore wakes the sender at every completion once the window is full, so sender and I/O thread
 * ping-pong a futex call per segment (measured: a third of the I/O thread's system time at 1 M small segments).
 * Here a sender that finds the window full sleeps until half of it has drained, then refills it in one go.
 */
final class InFlightWindow {

    private final int size;
    private final int resumeAt;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Thread sleeper;
    /** What the sleeper waits for: the window drained to this many (half of it, or none at all). */
    private volatile int wakeAt = -1;

    InFlightWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be at least 1, not " + size);
        }
        this.size = size;
        this.resumeAt = size / 2;
    }

    /** Takes a place, waiting while the window is full. Only the sending thread calls this. */
    void acquire() throws InterruptedException {
        if (inFlight.get() >= size) {
            sleepUntilAtMost(resumeAt);
        }
        inFlight.incrementAndGet();
    }

    /** An exchange is done (any thread). */
    void release() {
        int now = inFlight.decrementAndGet();
        if (now == wakeAt) {
            Thread waiting = sleeper;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /** Waits until every exchange taken is done. Only the sending thread calls this. */
    void awaitEmpty() throws InterruptedException {
        if (inFlight.get() > 0) {
            sleepUntilAtMost(0);
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    private void sleepUntilAtMost(int level) throws InterruptedException {
        sleeper = Thread.currentThread();
        wakeAt = level;
        try {
            // Checked after publishing wakeAt: a release that passes the level before this sees it, or wakes us.
            while (inFlight.get() > level) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            wakeAt = -1;
            sleeper = null;
        }
    }
}
