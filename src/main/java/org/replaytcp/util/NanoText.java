package org.replaytcp.util;

/**
 * Capture times (nanoseconds) as text: seconds with a fixed number of decimals, and UTC instants in ISO-8601.
 *
 * <p>Written out rather than through {@code String.format}, {@code BigDecimal} or {@code Instant.toString}: those
 * give the same text, but each costs 20-30 ms of class loading and first calls in a fresh JVM, which was a sixth
 * of {@code inspect}'s whole run on a 1 M-packet capture.
 */
public final class NanoText {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int SECONDS_PER_DAY = 86_400;

    private NanoText() {}

    /**
     * {@code nanos} in seconds with {@code decimals} digits after the point (0-9), rounded half up (away from
     * zero), as {@code String.format("%.6f", nanos / 1e9)} writes it for {@code decimals} 6, but exact.
     */
    public static String seconds(long nanos, int decimals) {
        if (decimals < 0 || decimals > 9) {
            throw new IllegalArgumentException("decimals must be 0-9: " + decimals);
        }
        long unit = pow10(9 - decimals);
        boolean negative = nanos < 0;
        // Rounded in the magnitude, so -1.5 units become -2 as String.format does; Long.MIN_VALUE cannot be negated,
        // and is 292 years, so it is taken one nanosecond closer to zero.
        long magnitude = negative ? -Math.max(nanos, -Long.MAX_VALUE) : nanos;
        long units = magnitude / unit + (unit > 1 && magnitude % unit * 2 >= unit ? 1 : 0);
        long scale = pow10(decimals);
        StringBuilder text = new StringBuilder(24);
        if (negative) {
            // "-0.000000" for a negative value that rounds to zero, as String.format writes it.
            text.append('-');
        }
        text.append(units / scale);
        if (decimals > 0) {
            text.append('.');
            appendPadded(text, units % scale, decimals);
        }
        return text.toString();
    }

    /**
     * The instant {@code nanos} after 1970-01-01T00:00:00Z as {@code Instant.toString} writes it: UTC, the
     * fraction in as many groups of three digits as it needs, e.g. {@code 2013-03-07T21:43:07.012345Z}.
     */
    public static String isoInstant(long nanos) {
        long epochSecond = Math.floorDiv(nanos, NANOS_PER_SECOND);
        int nano = (int) Math.floorMod(nanos, NANOS_PER_SECOND);
        long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        // A long of nanoseconds spans the years 1677-2262: always four digits, no sign, as Instant writes them.
        long[] date = civilFromDays(epochDay);
        StringBuilder text = new StringBuilder(30);
        appendPadded(text, date[0], 4);
        text.append('-');
        appendPadded(text, date[1], 2);
        text.append('-');
        appendPadded(text, date[2], 2);
        text.append('T');
        appendPadded(text, secondOfDay / 3600, 2);
        text.append(':');
        appendPadded(text, secondOfDay / 60 % 60, 2);
        text.append(':');
        appendPadded(text, secondOfDay % 60, 2);
        if (nano != 0) {
            text.append('.');
            if (nano % 1_000_000 == 0) {
                appendPadded(text, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                appendPadded(text, nano / 1000, 6);
            } else {
                appendPadded(text, nano, 9);
            }
        }
        return text.append('Z').toString();
    }

    /**
     * Year, month (1-12) and day (1-31) of the proleptic Gregorian calendar for a day counted from 1970-01-01:
     * days are counted from 0000-03-01 so that the leap day ends each 400-year era's years.
     */
    private static long[] civilFromDays(long epochDay) {
        long days = epochDay + 719_468; // 0000-03-01 to 1970-01-01
        long era = Math.floorDiv(days, 146_097); // days in 400 years
        long dayOfEra = days - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return new long[] {year, month, day};
    }

    private static void appendPadded(StringBuilder text, long value, int digits) {
        String number = Long.toString(value);
        for (int i = number.length(); i < digits; i++) {
            text.append('0');
        }
        text.append(number);
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
