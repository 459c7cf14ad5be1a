package org.replaytcp.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checked against the JDK's own formatting, which the class replaces for speed. */
class NanoTextTest {

    @Test
    void secondsAreWhatStringFormatWrites() {
        long[] edges = {
            0,
            1,
            499,
            500,
            501,
            999,
            1000,
            1499,
            1500,
            999_999_499,
            999_999_500,
            1_000_000_000L,
            2_558_607_321L,
            -1,
            -499,
            -500,
            -501,
            -1500,
            -2_558_607_321L,
            86_400L * 1_000_000_000L * 365 * 30 + 123_456_789
        };
        for (long nanos : edges) {
            assertEquals(String.format(Locale.ROOT, "%.6f", nanos / 1e9), NanoText.seconds(nanos, 6), "" + nanos);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            // Up to 10^14 ns (27 hours): the double nanos / 1e9 still holds every digit, so the two must agree.
            long nanos = random.nextLong(-100_000_000_000_000L, 100_000_000_000_000L);
            assertEquals(String.format(Locale.ROOT, "%.6f", nanos / 1e9), NanoText.seconds(nanos, 6), "" + nanos);
        }
    }

    @Test
    void everyNumberOfDecimalsRoundsHalfUpExactly() {
        SplittableRandom random = new SplittableRandom(11);
        for (int decimals = 0; decimals <= 9; decimals++) {
            for (int i = 0; i < 10_000; i++) {
                long nanos = random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
                String exact = BigDecimal.valueOf(nanos, 9)
                        .setScale(decimals, RoundingMode.HALF_UP)
                        .toPlainString();
                String expected = nanos < 0 && !exact.startsWith("-") ? "-" + exact : exact;
                assertEquals(expected, NanoText.seconds(nanos, decimals), nanos + " to " + decimals);
            }
        }
        assertEquals("-9223372036.854775807", NanoText.seconds(Long.MIN_VALUE, 9), "one ns short, not overflowed");
        assertThrows(IllegalArgumentException.class, () -> NanoText.seconds(1, 10));
    }

    @Test
    void instantsAreWhatInstantToStringWrites() {
        long[] edges = {
            0,
            1,
            1_000,
            1_000_000,
            1_000_000_000L,
            999_999_999,
            -1,
            -1_000_000_000L,
            1_362_692_587_012_345_000L,
            // 2000-02-29, 2100-03-01 (no leap day in 2100), 1900-02-28, 1600-02-29, 9999-12-31T23:59:59.999999999
            951_782_400_000_000_000L,
            4_107_542_400_000_000_000L,
            -2_203_977_600_000_000_000L,
            Instant.parse("1600-02-29T12:00:00Z").getEpochSecond() * 1_000_000_000L,
            Long.MAX_VALUE,
            Long.MIN_VALUE
        };
        for (long nanos : edges) {
            assertEquals(instant(nanos), NanoText.isoInstant(nanos), "" + nanos);
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            long nanos = random.nextLong();
            // Also whole milli- and microseconds, which Instant writes with 3 and 6 fraction digits.
            nanos -= Math.floorMod(nanos, i % 3 == 0 ? 1_000_000L : i % 3 == 1 ? 1000L : 1L);
            assertEquals(instant(nanos), NanoText.isoInstant(nanos), "" + nanos);
        }
    }

    private static String instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .toString();
    }
}
