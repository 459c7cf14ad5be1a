package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Lateness in microseconds, exact below 256 µs: counts, percentiles and the maximum by hand. */
class LatenessHistogramTest {

    @Test
    void countsPercentilesAndMaximum() {
        LatenessHistogram histogram = new LatenessHistogram();
        assertEquals(0, histogram.count());
        for (int micros = 1; micros <= 100; micros++) {
            histogram.record(micros * 1_000L);
        }
        histogram.record(-5_000); // early by 5 µs: counted by its size, and as early
        assertEquals(101, histogram.count());
        assertEquals(1, histogram.earlyCount());
        assertEquals(100, histogram.maxMicros());
        assertEquals(50, histogram.percentileMicros(0.5)); // 51st of 1, 1..100 sorted: 5 counted once more below
        assertEquals(99, histogram.percentileMicros(0.99));
        LatenessHistogram other = new LatenessHistogram();
        other.record(200_000);
        other.record(999); // under a microsecond: 0
        histogram.addAll(other);
        assertEquals(103, histogram.count());
        assertEquals(1, histogram.earlyCount());
        assertEquals(200, histogram.maxMicros());
    }

    @Test
    void aFewSendsAreKeptExactlyWithTheSameRanksAsTheBuckets() {
        LatenessHistogram histogram = new LatenessHistogram();
        assertEquals(0, histogram.percentileMicros(0.5), "nothing recorded");
        for (long micros : new long[] {50, 10, 40, 20, 30}) {
            histogram.record(micros * 1_000 + 999); // the part under a microsecond is dropped
        }
        // Ranks by hand: the ceiling of fraction x 5, at least the first, of 10 20 30 40 50.
        assertEquals(10, histogram.percentileMicros(0));
        assertEquals(10, histogram.percentileMicros(0.2));
        assertEquals(20, histogram.percentileMicros(0.21));
        assertEquals(30, histogram.percentileMicros(0.5));
        assertEquals(50, histogram.percentileMicros(0.99));
        assertEquals(50, histogram.percentileMicros(1));
        assertEquals(5, histogram.count());
        assertEquals(50, histogram.maxMicros());
        // Five values in an array of eight longs, where a packed histogram took a few hundred bytes.
        assertTrue(histogram.footprintBytes() <= 16 + 8 * 8, "bytes: " + histogram.footprintBytes());
    }

    @Test
    void pastTheKeptSendsTheBucketsHoldEveryValue() {
        LatenessHistogram histogram = new LatenessHistogram();
        int sends = LatenessHistogram.EXACT_SENDS + 36; // 100: 1..100 µs, exact in buckets too (below 256)
        for (int micros = sends; micros >= 1; micros--) {
            histogram.record(micros * 1_000L);
        }
        assertEquals(100, histogram.count());
        assertEquals(1, histogram.percentileMicros(0.01));
        assertEquals(50, histogram.percentileMicros(0.5));
        assertEquals(99, histogram.percentileMicros(0.99));
        assertEquals(100, histogram.maxMicros());
        // Still a few KB at most, whatever the number of sends.
        for (int i = 0; i < 100_000; i++) {
            histogram.record((i % 5_000) * 1_000L);
        }
        assertEquals(100_100, histogram.count());
        assertTrue(histogram.footprintBytes() < 8192, "bytes: " + histogram.footprintBytes());
    }

    @Test
    void mergesKeptValuesAndBucketsEitherWay() {
        LatenessHistogram kept = new LatenessHistogram();
        kept.record(7_000);
        kept.record(-3_000); // 3 µs early
        LatenessHistogram bucketed = new LatenessHistogram();
        for (int i = 1; i <= LatenessHistogram.EXACT_SENDS + 1; i++) {
            bucketed.record(200_000); // 65 x 200 µs
        }

        LatenessHistogram total = new LatenessHistogram();
        total.addAll(kept);
        total.addAll(kept);
        assertEquals(4, total.count());
        assertEquals(2, total.earlyCount());
        assertEquals(3, total.percentileMicros(0.5)); // 3 3 7 7
        assertEquals(7, total.maxMicros());

        total.addAll(bucketed); // kept values go into buckets with the others
        assertEquals(69, total.count());
        assertEquals(7, total.percentileMicros(0.05)); // 4th of 69: 3 3 7 7 200...
        assertEquals(200, total.percentileMicros(0.06)); // 5th
        assertEquals(200, total.maxMicros());

        bucketed.addAll(kept); // and kept values join buckets that are there already
        assertEquals(67, bucketed.count());
        assertEquals(1, bucketed.earlyCount());
        assertEquals(3, bucketed.percentileMicros(0.01));
        assertEquals(7, bucketed.percentileMicros(0.02));
    }
}
