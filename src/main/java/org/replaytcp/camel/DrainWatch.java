package org.replaytcp.camel;

import java.util.function.DoubleConsumer;
import org.replaytcp.replay.PreciseScheduler;
import org.replaytcp.replay.ReplayClock;

/**
 * Waits for a connection's writes to reach the socket before its FIN, reset or close, for as long as the peer
 * keeps reading them: a slow reader gets every byte, however long that takes. Only a peer that takes none of them
 * for a whole patience is given up on ({@code stalled} is told the patience, in seconds). The patience is the await
 * timeout, but never under {@link #MIN_PATIENCE_SECONDS}: a zero await timeout means "do not wait for the peer's
 * data", and no peer reads megabytes in no time.
 */
final class DrainWatch {

    /** The least time without progress after which a peer counts as no longer reading. */
    static final double MIN_PATIENCE_SECONDS = 1;

    private final PreciseScheduler scheduler;
    private final ReplayClock clock;
    private final LiveLink link;
    private final double patienceSeconds;
    private final long patienceNanos;
    private final DoubleConsumer stalled;
    private long progressSeen;
    private PreciseScheduler.Scheduled timeout;
    private boolean over;

    DrainWatch(
            PreciseScheduler scheduler,
            ReplayClock clock,
            LiveLink link,
            double awaitTimeoutSeconds,
            DoubleConsumer stalled) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.link = link;
        this.patienceSeconds = Math.max(MIN_PATIENCE_SECONDS, awaitTimeoutSeconds);
        this.patienceNanos = (long) (patienceSeconds * 1e9);
        this.stalled = stalled;
    }

    /** Starts watching: the first patience begins now. */
    synchronized void start() {
        progressSeen = link.writesEnded();
        armUnderLock();
    }

    private void armUnderLock() {
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
                armUnderLock();
                return;
            }
            over = true;
        }
        stalled.accept(patienceSeconds);
    }
}
