package org.replaytcp.replay;

/**
 * The capture's clock as the replay follows it: recorded timestamps in capture order, turned into a
 * monotonic "virtual" time from which every pause longer than the maximum gap has been cut.
 *
 * <p>Capture timestamps can step back (several interfaces, clock adjustments); a step back counts as no
 * time. Cutting gaps here, once, keeps every due time a pure function of the recording, so errors never
 * add up.
 */
public final class RecordedTimeline {

    private final long maxGapRecordedNanos;
    private boolean started;
    private long lastRecorded;
    private long virtual;

    /**
     * @param options the replay's options; a max gap is in replay time, so it is scaled by the speed here
     */
    public RecordedTimeline(ReplayOptions options) {
        this.maxGapRecordedNanos = options.maxGap() == null
                ? Long.MAX_VALUE
                : (long) Math.min(Long.MAX_VALUE, options.maxGap().toNanos() * options.speed());
    }

    /** The virtual time of an event recorded at {@code recordedNanos}; call in capture order. */
    public long advance(long recordedNanos) {
        if (!started) {
            started = true;
            lastRecorded = recordedNanos;
            return virtual;
        }
        long step = recordedNanos - lastRecorded;
        if (step > 0) {
            virtual += Math.min(step, maxGapRecordedNanos);
            lastRecorded = recordedNanos;
        }
        return virtual;
    }
}
