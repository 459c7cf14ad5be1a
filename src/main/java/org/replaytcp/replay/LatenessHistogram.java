package org.replaytcp.replay;

/**
 * How late sends were against their due times, in microseconds: exact up to 100 ms, coarser beyond; fixed
 * size whatever the number of sends. Thread-safe.
 */
public final class LatenessHistogram {

    private static final int EXACT_MICROS = 100_000;

    private final long[] counts = new long[EXACT_MICROS + 1];
    private long total;
    private long maxMicros;
    private long early;

    /** One send, {@code latenessNanos} after (or, negative, before) its due time; magnitudes are kept. */
    public synchronized void record(long latenessNanos) {
        long micros = Math.abs(latenessNanos) / 1_000;
        counts[(int) Math.min(micros, EXACT_MICROS)]++;
        maxMicros = Math.max(maxMicros, micros);
        total++;
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
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
            total += other.total;
            early += other.early;
            maxMicros = Math.max(maxMicros, other.maxMicros);
        }
    }

    /** The {@code fraction} percentile in microseconds (0.5 = median); 0 when nothing was recorded. */
    public synchronized long percentileMicros(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == EXACT_MICROS ? maxMicros : i;
            }
        }
        return maxMicros;
    }

    public synchronized long maxMicros() {
        return maxMicros;
    }

    public synchronized long count() {
        return total;
    }
}
