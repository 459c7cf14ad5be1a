package org.replaytcp.camel;

import org.replaytcp.replay.PreciseScheduler;
import org.replaytcp.replay.ReplayClock;

/**
 * Waits for a connection's writes to reach the socket before its FIN, reset or close, for as long as the peer
 * keeps reading them: a slow reader gets every byte, however long that takes. Only a peer that takes none of them
 * for a whole {@code patience} is given up on ({@code stalled} runs). The patience is the await timeout, but never
 * under {@link #MIN_PATIENCE_NANOS}: a zero await timeout means "do not wait for the peer's data", and no peer
 * reads megabytes in no time.
 */
final class DrainWatch {

    /** The least time without progress after which a peer counts as no longer reading. */
    static final long MIN_PATIENCE_NANOS = 1_000_000_000L;

    private final PreciseScheduler scheduler;
    private final ReplayClock clock;
    private final LiveLink link;
    private final long patienceNanos;
    private final Runnable stalled;
    private long progressSeen;
    private PreciseScheduler.Scheduled timeout;
    private boolean over;

    DrainWatch(PreciseScheduler scheduler, ReplayClock clock, LiveLink link, long patienceNanos, Runnable stalled) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.link = link;
        this.patienceNanos = Math.max(MIN_PATIENCE_NANOS, patienceNanos);
        this.stalled = stalled;
    }

    /** The patience this watch keeps, in seconds (for the summary's words). */
    static double patienceSeconds(double awaitTimeoutSeconds) {
        return Math.max(MIN_PATIENCE_NANOS / 1e9, awaitTimeoutSeconds);
    }

    /** Starts watching: the first patience begins now. */
    synchronized void start() {
        progressSeen = link.writesEnded();
        timeout = scheduler.at(clock.nanoTime() + patienceNanos, null, this::check);
    }

    /** The writes drained (or the connection is gone): no more checks. */
    synchronized void cancel() {
        over = true;
        if (timeout != null) {
            timeout.cancel();
        }
    }

    private void check() {
        synchronized (this) {
            if (over || link.drained()) {
                return;
            }
            long progress = link.writesEnded();
            if (progress != progressSeen) {
                // The peer took some since the last look: it is reading, give it another patience.
                progressSeen = progress;
                timeout = scheduler.at(clock.nanoTime() + patienceNanos, null, this::check);
                return;
            }
            over = true;
        }
        stalled.run();
    }
}
