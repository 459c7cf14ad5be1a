package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The first difference and the bytes around it (8 before, 32 in all), however the two streams arrive: expected in
 * chunks of 7, live in chunks of 5, one side all before the other or interleaved. Contexts written out by hand.
 */
class StreamComparatorContextTest {

    private static final String RECORDED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"; // 62

    private static int[] ints(String text) {
        return text.chars().toArray();
    }

    /** Feeds both streams in the given order: 'e' = all expected first, 'a' = all live first, 'i' = interleaved. */
    private static StreamComparator compare(String expected, String actual, char order) {
        StreamComparator comparator = new StreamComparator();
        byte[] e = expected.getBytes(StandardCharsets.US_ASCII);
        byte[] a = actual.getBytes(StandardCharsets.US_ASCII);
        int ei = 0;
        int ai = 0;
        while (ei < e.length || ai < a.length) {
            boolean expectedTurn = order == 'e' ? ei < e.length : order == 'a' ? ai >= a.length : ei <= ai;
            if (expectedTurn && ei < e.length) {
                int n = Math.min(7, e.length - ei);
                comparator.expect(e, ei, n);
                ei += n;
            } else {
                int n = Math.min(5, a.length - ai);
                comparator.actual(a, ai, n);
                ai += n;
            }
        }
        return comparator;
    }

    @Test
    void theContextIsTheSameWhicheverSideComesFirst() {
        String live = RECORDED.substring(0, 20) + "*" + RECORDED.substring(21);
        for (char order : new char[] {'e', 'a', 'i'}) {
            StreamComparator comparator = compare(RECORDED, live, order);
            assertEquals(Verdict.DIFFERS, comparator.verdict(), "order " + order);
            assertEquals(20, comparator.firstDifference());
            Difference difference = comparator.difference();
            assertEquals(20, difference.offset());
            assertEquals(12, difference.contextStart());
            assertArrayEquals(ints("MNOPQRSTUVWXYZabcdefghijklmnopqr"), difference.expected(), "order " + order);
            assertArrayEquals(ints("MNOPQRST*VWXYZabcdefghijklmnopqr"), difference.actual(), "order " + order);
        }
    }

    @Test
    void nearTheStartAndNearTheEndTheContextIsShorter() {
        Difference early =
                compare(RECORDED, "ABC?" + RECORDED.substring(4), 'i').difference();
        assertEquals(0, early.contextStart());
        assertArrayEquals(ints("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"), early.expected());
        Difference late =
                compare(RECORDED, RECORDED.substring(0, 60) + "!9", 'i').difference();
        assertEquals(52, late.contextStart());
        assertArrayEquals(ints("0123456789"), late.expected());
        assertArrayEquals(ints("01234567!9"), late.actual());
    }

    @Test
    void bytesTheCaptureLacksShowAsUnknownInTheContext() {
        StreamComparator comparator = new StreamComparator();
        comparator.expect("0123456789".getBytes(StandardCharsets.US_ASCII));
        comparator.expectUnknown(4); // 10..13
        comparator.expect("EFGH".getBytes(StandardCharsets.US_ASCII)); // 14..17
        byte[] live = "0123456789abcdEFGx".getBytes(StandardCharsets.US_ASCII);
        comparator.actual(live, 0, live.length);
        assertEquals(17, comparator.firstDifference());
        Difference difference = comparator.difference();
        assertEquals(9, difference.contextStart());
        // the 8 bytes before come from what was compared equal: the live ones
        assertArrayEquals(ints("9abcdEFGH"), difference.expected());
        assertArrayEquals(ints("9abcdEFGx"), difference.actual());
        StreamComparator unknownAfter = new StreamComparator();
        unknownAfter.expect("01".getBytes(StandardCharsets.US_ASCII));
        unknownAfter.expectUnknown(2);
        unknownAfter.actual("0!xy".getBytes(StandardCharsets.US_ASCII), 0, 4);
        assertArrayEquals(
                new int[] {'0', '1', -1, -1}, unknownAfter.difference().expected());
    }

    @Test
    void streamsThatAgreeHaveNoDifferenceWhateverTheirChunks() {
        for (char order : new char[] {'e', 'a', 'i'}) {
            StreamComparator comparator = compare(RECORDED, RECORDED, order);
            assertEquals(Verdict.IDENTICAL, comparator.verdict());
            assertEquals(-1, comparator.firstDifference());
            assertNull(comparator.difference());
            assertEquals(62, comparator.expectedBytes());
            assertEquals(62, comparator.actualBytes());
        }
        assertEquals(
                Verdict.SHORTER,
                compare(RECORDED, RECORDED.substring(0, 61), 'i').verdict());
        assertEquals(Verdict.LONGER, compare(RECORDED, RECORDED + "+", 'i').verdict());
    }

    @Test
    void aPeerTooFarAheadOrBehindIsNotVerified() {
        StreamComparator bounded = new StreamComparator(10);
        bounded.expect(new byte[10]); // 10 waiting: allowed
        bounded.actual(new byte[10], 0, 10);
        assertEquals(Verdict.IDENTICAL, bounded.verdict());
        StreamComparator overflow = new StreamComparator(10);
        overflow.expect(new byte[11]);
        overflow.actual(new byte[11], 0, 11);
        assertEquals(Verdict.NOT_VERIFIED, overflow.verdict());
    }
}
