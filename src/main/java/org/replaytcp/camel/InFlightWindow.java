package org.replaytcp.camel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * At most {@code size} exchanges, and about {@code maxBytes} payload bytes, in the route at once, for one sending
 * thread, with few wake-ups.
 *
 * <p>A semaphore wakes the sender at every completion once the window is full, so sender and I/O thread
 * ping-pong a futex call per segment (measured: a third of the I/O thread's system time at 1 M small segments).
 * Here a sender that finds the window full sleeps until half of it has drained, then refills it in one go.
 */
final class InFlightWindow {

    private final int size;
    private final int resumeAt;
    private final long maxBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile Thread sleeper;
    /** What the sleeper waits for: the window drained to this many (half of it, or none at all). */
    private volatile int wakeAt = -1;

    InFlightWindow(int size) {
        this(size, Long.MAX_VALUE);
    }

    /** @param maxBytes payload bytes in flight past which the sender waits until half of them are done */
    InFlightWindow(int size, long maxBytes) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be at least 1, not " + size);
        }
        this.size = size;
        this.resumeAt = size / 2;
        this.maxBytes = maxBytes;
    }

    /** Takes a place, waiting while the window is full. Only the sending thread calls this. */
    void acquire() throws InterruptedException {
        acquire(0);
    }

    /** Takes a place for an exchange of {@code payload} bytes, waiting while the window is full. Sender only. */
    void acquire(int payload) throws InterruptedException {
        if (inFlight.get() >= size) {
            sleepUntilAtMost(resumeAt);
        }
        if (payload > 0 && bytes.get() > 0 && bytes.get() + payload > maxBytes) {
            sleepUntilBytesAtMost(maxBytes / 2);
        }
        bytes.addAndGet(payload);
        inFlight.incrementAndGet();
    }

    /** An exchange of {@code payload} bytes is done (any thread). */
    void release(int payload) {
        long left = bytes.addAndGet(-payload);
        if (left <= bytesWakeAt) {
            Thread waiting = sleeper;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
        release();
    }

    /** What the sleeper waits for in bytes: at most this many in flight, or -1. */
    private volatile long bytesWakeAt = -1;

    private void sleepUntilBytesAtMost(long level) throws InterruptedException {
        sleeper = Thread.currentThread();
        bytesWakeAt = level;
        try {
            while (bytes.get() > level) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            bytesWakeAt = -1;
            sleeper = null;
        }
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
