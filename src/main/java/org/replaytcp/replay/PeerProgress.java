package org.replaytcp.replay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the live peer of one connection has sent so far: a byte count and when its last byte came. Updated by
 * the network thread, awaited by the pacing thread.
 */
public final class PeerProgress {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long bytes;
    private long lastByteNanos;
    private boolean closed;

    /** The peer sent {@code count} more bytes, the last of them at {@code nanos}. */
    public void received(long count, long nanos) {
        lock.lock();
        try {
            bytes += count;
            lastByteNanos = nanos;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The peer closed the connection (or it broke): it will send nothing more. */
    public void closed() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the peer has sent at least {@code count} bytes, has closed, or the timeout passes.
     *
     * @return true when it has sent them
     */
    public boolean awaitBytes(long count, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (bytes < count && !closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            return bytes >= count;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the peer has closed, or the timeout passes; returns whether it closed. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            long left = unit.toNanos(timeout);
            while (!closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            return closed;
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public long lastByteNanos() {
        lock.lock();
        try {
            return lastByteNanos;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
