package org.replaytcp.replay;

import java.util.function.LongSupplier;

/**
 * The recorded time of a loop ({@code --loop}): each round's events on a {@link RecordedTimeline} of their own,
 * placed where the round starts — where its first event is due when it arrives (the round starts once the one
 * before it is done, after the loop's gap), and never before the last round's last event. With one round it is
 * the recorded timeline itself.
 */
public final class LoopTimeline {

    private final ReplayOptions options;
    private RecordedTimeline timeline;
    /** Read by progress lines from another thread. */
    private volatile int round = 1;

    private long base;
    private long last;

    public LoopTimeline(ReplayOptions options) {
        this.options = options;
        this.timeline = new RecordedTimeline(options);
    }

    /**
     * The virtual time of an event of round {@code round} recorded at {@code recordedNanos}; call in the order the
     * events come, round after round.
     *
     * @param dueNow the virtual time that is due now (asked only when a new round begins)
     */
    public long advance(int round, long recordedNanos, LongSupplier dueNow) {
        if (round > this.round) {
            this.round = round;
            timeline = new RecordedTimeline(options);
            base = Math.max(last, dueNow.getAsLong());
        }
        long virtual = base + timeline.advance(recordedNanos);
        last = Math.max(last, virtual);
        return virtual;
    }

    /** The round whose events come now, from 1. */
    public int round() {
        return round;
    }
}
