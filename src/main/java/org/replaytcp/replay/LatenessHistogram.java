package org.replaytcp.replay;

import java.util.Arrays;
import org.HdrHistogram.PackedHistogram;

/**
 * How late sends were against their due times, in microseconds. The first {@link #EXACT_SENDS} are kept as they
 * are (a connection of a few exchanges, the usual case with thousands of connections, costs a few hundred bytes
 * and no bucket arithmetic); beyond that they go into a packed, log-bucketed histogram (two significant digits, from
 * 1 µs to an hour): one with millions of sends keeps a few KB. Percentiles are exact while the values are kept, exact
 * below 256 µs and within 1% above once bucketed. Thread-safe.
 *
 * <p>Why not bucket from the first send: a packed histogram grows its array by throwing and catching an exception
 * (HdrHistogram's {@code ResizeException}, stack trace and all), several times for a connection's first values, and
 * merging one into the run's total walks every bucket. With 10,000 connections of 5 sends that was ~9% of the event
 * loops' CPU during the replay (perf, 2026-12-06) and a walk of 10,000 histograms at its end.
 */
public final class LatenessHistogram {

    /** Sends kept exactly before bucketing: 512 bytes. */
    static final int EXACT_SENDS = 64;

    private static final long HIGHEST_MICROS = 3_600_000_000L;

    /** The values while there are at most {@link #EXACT_SENDS}; null once bucketed (or before the first). */
    private long[] exact;

    private int exactCount;
    /** The buckets, once there were more values than {@link #EXACT_SENDS}. */
    private PackedHistogram buckets;

    private long early;
    /** Exact, beside the buckets: the worst send is worth knowing to the microsecond. */
    private long maxMicros;

    /** One send, {@code latenessNanos} after (or, negative, before) its due time; magnitudes are kept. */
    public synchronized void record(long latenessNanos) {
        long value = Math.min(HIGHEST_MICROS, Math.abs(latenessNanos) / 1_000);
        add(value);
        maxMicros = Math.max(maxMicros, value);
        if (latenessNanos < 0) {
            early++;
        }
    }

    private void add(long micros) {
        if (buckets != null) {
            buckets.recordValue(micros);
            return;
        }
        if (exact == null) {
            exact = new long[8];
        } else if (exactCount == exact.length) {
            if (exactCount == EXACT_SENDS) {
                bucketAll();
                buckets.recordValue(micros);
                return;
            }
            exact = Arrays.copyOf(exact, Math.min(EXACT_SENDS, exactCount * 2));
        }
        exact[exactCount++] = micros;
    }

    /** From now on in buckets, with the values kept so far. */
    private void bucketAll() {
        buckets = new PackedHistogram(1, HIGHEST_MICROS, 2);
        for (int i = 0; i < exactCount; i++) {
            buckets.recordValue(exact[i]);
        }
        exact = null;
        exactCount = 0;
    }

    /** Sends that went out before their due time: none, as long as the writer holds segments until due. */
    public synchronized long earlyCount() {
        return early;
    }

    public synchronized void addAll(LatenessHistogram other) {
        synchronized (other) {
            if (other.buckets != null) {
                if (buckets == null) {
                    bucketAll();
                }
                buckets.add(other.buckets);
            } else {
                for (int i = 0; i < other.exactCount; i++) {
                    add(other.exact[i]);
                }
            }
            early += other.early;
            maxMicros = Math.max(maxMicros, other.maxMicros);
        }
    }

    /**
     * The {@code fraction} percentile in microseconds (0.5 = median): the smallest value that many of the sends
     * were no later than; exact below 256 µs and within 1% above; 0 when nothing was recorded.
     */
    public synchronized long percentileMicros(double fraction) {
        if (buckets != null) {
            return Math.min(maxMicros, buckets.getValueAtPercentile(fraction * 100));
        }
        if (exactCount == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(exact, exactCount);
        Arrays.sort(sorted);
        // The same rank as HdrHistogram's: the ceiling of fraction x count, at least the first.
        int rank = (int) Math.max(1, Math.ceil(fraction * exactCount));
        return sorted[Math.min(exactCount, rank) - 1];
    }

    public synchronized long maxMicros() {
        return maxMicros;
    }

    /** What the values take in memory: the kept ones' array, or the buckets by HdrHistogram's own estimate. */
    synchronized int footprintBytes() {
        if (buckets != null) {
            return buckets.getEstimatedFootprintInBytes();
        }
        return exact == null ? 0 : 16 + 8 * exact.length;
    }

    public synchronized long count() {
        return buckets != null ? buckets.getTotalCount() : exactCount;
    }
}
