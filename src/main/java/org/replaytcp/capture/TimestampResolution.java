package org.replaytcp.capture;

/**
 * Converts pcapng timestamp units to nanoseconds, following an interface's {@code if_tsresol}: a byte whose
 * high bit says whether the rest is a power of ten (0) or of two (1) of seconds.
 */
record TimestampResolution(boolean binary, int exponent) {

    static final TimestampResolution MICROSECONDS = new TimestampResolution(false, 6);
    /** Marks a timestamp that does not fit in a signed 64-bit count of nanoseconds (after the year 2262). */
    static final long OUT_OF_RANGE = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    static TimestampResolution fromOption(int value) {
        return new TimestampResolution((value & 0x80) != 0, value & 0x7F);
    }

    /**
     * @param units the 64-bit unsigned timestamp of a packet block
     * @return nanoseconds since the epoch, or {@link #OUT_OF_RANGE}
     */
    long toNanos(long units) {
        if (units < 0) {
            return OUT_OF_RANGE;
        }
        return binary ? binaryToNanos(units) : decimalToNanos(units);
    }

    private long decimalToNanos(long units) {
        if (exponent <= 9) {
            long factor = pow10(9 - exponent);
            return units > Long.MAX_VALUE / factor ? OUT_OF_RANGE : units * factor;
        }
        return exponent - 9 >= 19 ? 0 : units / pow10(exponent - 9);
    }

    private long binaryToNanos(long units) {
        if (exponent >= 64) {
            // units < 2^63, so less than a second: the 128-bit product's high half divided by the rest.
            long high = Math.multiplyHigh(units, NANOS_PER_SECOND);
            return exponent >= 128 ? 0 : high >>> (exponent - 64);
        }
        long seconds = units >>> exponent;
        long fraction = units & ((1L << exponent) - 1);
        if (seconds > Long.MAX_VALUE / NANOS_PER_SECOND) {
            return OUT_OF_RANGE;
        }
        long low = fraction * NANOS_PER_SECOND;
        long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
        long fractionNanos = exponent == 0 ? 0 : (high << (64 - exponent)) | (low >>> exponent);
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }

    private static long pow10(int n) {
        long value = 1;
        for (int i = 0; i < n; i++) {
            value *= 10;
        }
        return value;
    }
}
