package org.replaytcp.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decimal numbers come out as String.format("%.Nf") writes them (the reference), without its cost. */
class JsonWriterTest {

    @Test
    void decimalsAreRoundedAsStringFormatRoundsThem() {
        Random random = new Random(11);
        double[] fixed = {0, 0.5, 1.5, 2.5, 0.125, 0.0005, 1e20, 123456.789, 9.995, 0.045, 1.0 / 3};
        for (int i = 0; i < 20_000; i++) {
            double value = i < fixed.length
                    ? fixed[i]
                    : (random.nextBoolean() ? 1 : -1) * random.nextDouble() * Math.pow(10, random.nextInt(12) - 4);
            int decimals = random.nextInt(7);
            String expected = String.format(Locale.ROOT, "%." + decimals + "f", value);
            String written = new JsonWriter().value(value, decimals).toString();
            assertEquals(expected, written, value + " with " + decimals + " decimals");
        }
        assertEquals("null", new JsonWriter().value(Double.NaN, 2).toString());
    }
}
