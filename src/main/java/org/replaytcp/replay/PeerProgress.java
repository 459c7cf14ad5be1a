package org.replaytcp.replay;

import java.util.concurrent.locks.ReentrantLock;

/**
 * What the live peer of one connection has sent so far: a byte count and when each count was reached. Updated by
 * the network thread, read when a turn is decided.
 */
public final class PeerProgress {

    private final ReentrantLock lock = new ReentrantLock();
    /** (total bytes after a chunk, when it came) for chunks not yet asked about, oldest first. */
    private final java.util.ArrayDeque<long[]> arrivals = new java.util.ArrayDeque<>();

    private static final int MAX_ARRIVALS = 100_000;
    private long bytes;
    private long lastByteNanos;
    private boolean closed;

    /** The peer sent {@code count} more bytes, the last of them at {@code nanos}. */
    public void received(long count, long nanos) {
        lock.lock();
        try {
            bytes += count;
            lastByteNanos = nanos;
            if (arrivals.size() == MAX_ARRIVALS) {
                arrivals.pollFirst(); // a peer far ahead of the replay: the oldest times matter least
            }
            arrivals.addLast(new long[] {bytes, nanos});
        } finally {
            lock.unlock();
        }
    }

    /** The peer closed the connection (or it broke): it will send nothing more. */
    public void closed() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the peer's byte count first reached {@code count}, or -1 if it has not (or that moment was
     * forgotten: then the last byte's time). Ask with counts that never decrease: older moments are dropped.
     */
    public long timeReached(long count) {
        lock.lock();
        try {
            if (bytes < count) {
                return -1;
            }
            while (arrivals.size() > 1 && arrivals.peekFirst()[0] < count) {
                arrivals.pollFirst();
            }
            long[] first = arrivals.peekFirst();
            return first != null && first[0] >= count ? first[1] : lastByteNanos;
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

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
