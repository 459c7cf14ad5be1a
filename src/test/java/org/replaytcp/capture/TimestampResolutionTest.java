package org.replaytcp.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * pcapng timestamps to nanoseconds for every if_tsresol: values by hand at the edges, and for random ones the exact
 * arithmetic of BigInteger (floor(units * 10^9 / base^exponent)) as the oracle.
 */
class TimestampResolutionTest {

    private static final long OUT = TimestampResolution.OUT_OF_RANGE;

    /** floor(units * 10^9 / base^exponent), or OUT_OF_RANGE beyond a signed 64-bit count. */
    private static long exact(boolean binary, int exponent, long units) {
        BigInteger divisor = BigInteger.valueOf(binary ? 2 : 10).pow(exponent);
        BigInteger nanos = BigInteger.valueOf(units)
                .multiply(BigInteger.valueOf(1_000_000_000L))
                .divide(divisor);
        return nanos.bitLength() > 63 ? OUT : nanos.longValueExact();
    }

    @Test
    void theOptionByteSaysBaseAndExponent() {
        assertEquals(new TimestampResolution(false, 6), TimestampResolution.fromOption(6));
        assertEquals(new TimestampResolution(true, 20), TimestampResolution.fromOption(0x80 | 20));
        assertEquals(new TimestampResolution(true, 127), TimestampResolution.fromOption(0xFF));
        assertEquals(new TimestampResolution(false, 6), TimestampResolution.MICROSECONDS);
    }

    @Test
    void decimalResolutionsByHand() {
        assertEquals(1_700_000_000_123_456_000L, new TimestampResolution(false, 6).toNanos(1_700_000_000_123_456L));
        assertEquals(7_000_000_000L, new TimestampResolution(false, 0).toNanos(7));
        assertEquals(42, new TimestampResolution(false, 9).toNanos(42));
        assertEquals(1_234, new TimestampResolution(false, 12).toNanos(1_234_567)); // picoseconds, floored
        assertEquals(
                5,
                new TimestampResolution(false, 27)
                        .toNanos(5_000_000_000_000_000_000L) /* 5 * 10^18 units of 10^-27 s */);
        assertEquals(0, new TimestampResolution(false, 28).toNanos(Long.MAX_VALUE)); // 10^-19 s units: under 1 ns
        assertEquals(0, new TimestampResolution(false, 6).toNanos(0));
        assertEquals(OUT, new TimestampResolution(false, 6).toNanos(-1)); // 2^64 - 1 unsigned: beyond 2262
        long most = Long.MAX_VALUE / 1000;
        assertEquals(most * 1000, new TimestampResolution(false, 6).toNanos(most));
        assertEquals(OUT, new TimestampResolution(false, 6).toNanos(most + 1));
    }

    @Test
    void binaryResolutionsByHand() {
        assertEquals(7_000_000_000L, new TimestampResolution(true, 0).toNanos(7));
        assertEquals(5_500_000_000L, new TimestampResolution(true, 20).toNanos((5L << 20) | (1L << 19)));
        assertEquals(3_000_000_000L, new TimestampResolution(true, 30).toNanos((3L << 30) | 1)); // 1/2^30 s < 1 ns
        assertEquals(250_000_000, new TimestampResolution(true, 64).toNanos(1L << 62)); // a quarter second
        assertEquals(125_000_000, new TimestampResolution(true, 65).toNanos(1L << 62));
        assertEquals(0, new TimestampResolution(true, 127).toNanos(Long.MAX_VALUE));
        long most = Long.MAX_VALUE / 1_000_000_000L;
        assertEquals(most * 1_000_000_000L, new TimestampResolution(true, 0).toNanos(most));
        assertEquals(OUT, new TimestampResolution(true, 0).toNanos(most + 1));
    }

    @Test
    void everyResolutionAgreesWithExactArithmetic() {
        Random random = new Random(20261204);
        for (int exponent = 0; exponent < 128; exponent++) {
            for (int i = 0; i < 200; i++) {
                long units = switch (i % 4) {
                    case 0 -> random.nextLong() >>> 1; // any non-negative value
                    case 1 -> random.nextLong() >>> (1 + random.nextInt(63)); // any size
                    case 2 -> 1_700_000_000L << Math.min(30, exponent / 3); // plausible times
                    default -> random.nextInt(1 << 20);
                };
                if (exponent < 30) {
                    assertEquals(
                            exact(false, exponent, units),
                            new TimestampResolution(false, exponent).toNanos(units),
                            "10^-" + exponent + " units " + units);
                }
                assertEquals(
                        exact(true, exponent, units),
                        new TimestampResolution(true, exponent).toNanos(units),
                        "2^-" + exponent + " units " + units);
            }
        }
    }
}
