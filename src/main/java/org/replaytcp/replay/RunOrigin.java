package org.replaytcp.replay;

/**
 * Where the recorded time of a whole run meets the live clock: the first connection to come up fixes it, and
 * every later connection opens at its recorded offset from that one. Shared by the connections of one role.
 */
public final class RunOrigin {

    private boolean set;
    private long liveNanos;
    private long virtual;

    /** The first connection came up at {@code liveNanos}; it was recorded at {@code virtual}. Later calls are ignored. */
    public synchronized void offer(long liveNanos, long virtual) {
        if (!set) {
            set = true;
            this.liveNanos = liveNanos;
            this.virtual = virtual;
        }
    }

    /** When something recorded at {@code virtual} is due, at {@code speed}; {@link Readiness#NOW} before the first. */
    public synchronized long due(long virtual, double speed) {
        return set ? liveNanos + (long) ((virtual - this.virtual) / speed) : Readiness.NOW;
    }
}
