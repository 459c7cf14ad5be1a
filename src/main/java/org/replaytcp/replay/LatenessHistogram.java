package org.replaytcp.replay;

import org.HdrHistogram.PackedHistogram;

/**
 * How late sends were against their due times, in microseconds, log-bucketed (two significant digits, from 1 µs
 * to an hour) in a packed histogram: a connection with a handful of sends keeps a few hundred bytes, one with
 * millions a few KB. Thread-safe.
 */
public final class LatenessHistogram {

    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final PackedHistogram micros = new PackedHistogram(1, HIGHEST_MICROS, 2);
    private long early;
    /** Exact, beside the buckets: the worst send is worth knowing to the microsecond. */
    private long maxMicros;

    /** One send, {@code latenessNanos} after (or, negative, before) its due time; magnitudes are kept. */
    public synchronized void record(long latenessNanos) {
        long value = Math.min(HIGHEST_MICROS, Math.abs(latenessNanos) / 1_000);
        micros.recordValue(value);
        maxMicros = Math.max(maxMicros, value);
        if (latenessNanos < 0) {
            early++;
        }
    }

    /** Sends that went out before their due time: none, as long as the writer holds segments until due. */
    public synchronized long earlyCount() {
        return early;
    }

    public synchronized void addAll(LatenessHistogram other) {
        synchronized (other) {
            micros.add(other.micros);
            early += other.early;
            maxMicros = Math.max(maxMicros, other.maxMicros);
        }
    }

    /**
     * The {@code fraction} percentile in microseconds (0.5 = median), exact below 256 µs and within 1% above;
     * 0 when nothing was recorded.
     */
    public synchronized long percentileMicros(double fraction) {
        return micros.getTotalCount() == 0 ? 0 : Math.min(maxMicros, micros.getValueAtPercentile(fraction * 100));
    }

    public synchronized long maxMicros() {
        return maxMicros;
    }

    /** What the buckets take in memory, by HdrHistogram's own estimate. */
    synchronized int footprintBytes() {
        return micros.getEstimatedFootprintInBytes();
    }

    public synchronized long count() {
        return micros.getTotalCount();
    }
}
