package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the recorded time of a whole run meets the live clock: the first connection to come up fixes it, and
 * every later connection opens at its recorded offset from that one, never before it. Shared by the connections
 * of one role.
 */
public final class RunOrigin {

    private boolean set;
    private long liveNanos;
    private long virtual;
    private boolean firstClaimed;
    private final List<Runnable> whenSet = new ArrayList<>();

    /**
     * Whether the asker opens the run: the first connection to ask goes at once; the others wait for it to come
     * up (or give up) before their own offsets count.
     */
    public synchronized boolean claimFirst() {
        if (firstClaimed) {
            return false;
        }
        firstClaimed = true;
        return true;
    }

    /** The first connection came up at {@code liveNanos} (or gave up then); it was recorded at {@code virtual}. */
    public void offer(long liveNanos, long virtual) {
        List<Runnable> waiting;
        synchronized (this) {
            if (set) {
                return;
            }
            set = true;
            this.liveNanos = liveNanos;
            this.virtual = virtual;
            waiting = new ArrayList<>(whenSet);
            whenSet.clear();
        }
        waiting.forEach(Runnable::run);
    }

    public synchronized boolean isSet() {
        return set;
    }

    /** Runs {@code listener} once the origin is set (at once if it is). */
    public void whenSet(Runnable listener) {
        synchronized (this) {
            if (!set) {
                whenSet.add(listener);
                return;
            }
        }
        listener.run();
    }

    /**
     * The virtual time that is due at live time {@code nanos}, at {@code speed}: where a new round of a loop starts
     * so that its first event is due then. 0 before the origin is set.
     */
    public synchronized long virtualAt(long nanos, double speed) {
        return set ? virtual + (long) ((nanos - liveNanos) * speed) : 0;
    }

    /** When something recorded at {@code virtual} is due, at {@code speed}; {@link Readiness#NOW} before the first. */
    public synchronized long due(long virtual, double speed) {
        return set ? liveNanos + (long) ((virtual - this.virtual) / speed) : Readiness.NOW;
    }
}
