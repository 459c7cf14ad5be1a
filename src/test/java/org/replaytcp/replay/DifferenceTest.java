package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The first difference as a hex dump, written out by hand. */
class DifferenceTest {

    @Test
    void describesBothSidesWithAMarkerUnderTheFirstDifference() {
        int[] expected = {0x41, 0x1F, 0x20, 0x7E, 0x7F, -1, 0x00, 0xFF};
        int[] actual = {0x41, 0x1F, 0x20, 0x7E, 0x7F, 0x42, 0x01, 0xFF};
        Difference difference = new Difference(106, 100, expected, actual);
        assertEquals(
                "first difference at offset 106\n"
                        + "  expected @100: 41 1f 20 7e 7f ?? 00 ff |A. ~....|\n"
                        + "  actual   @100: 41 1f 20 7e 7f 42 01 ff |A. ~.B..|\n"
                        + "                                   ^^",
                difference.describe());
        assertEquals("", Difference.hex(new int[0]));
        assertEquals("", Difference.ascii(new int[0]));
    }
}
