package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
