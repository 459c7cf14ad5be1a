package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamComparatorTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void actual(StreamComparator c, String s) {
        c.actual(b(s), 0, s.length());
    }

    @Test
    void findsTheSameBytesIdenticalWhateverTheChunking() {
        StreamComparator c = new StreamComparator();
        c.expect(b("HELLO "));
        actual(c, "HEL");
        actual(c, "LO WOR");
        c.expect(b("WORLD"));
        actual(c, "LD");
        assertEquals(Verdict.IDENTICAL, c.verdict());
        assertEquals(11, c.actualBytes());
    }

    @Test
    void reportsTheOffsetOfTheFirstDifference() {
        StreamComparator c = new StreamComparator();
        c.expect(b("0123456789"));
        actual(c, "01234");
        actual(c, "56X89");
        assertEquals(Verdict.DIFFERS, c.verdict());
        assertEquals(7, c.firstDifference());
    }

    @Test
    void tellsShorterFromLonger() {
        StreamComparator shorter = new StreamComparator();
        shorter.expect(b("abcdef"));
        actual(shorter, "abc");
        assertEquals(Verdict.SHORTER, shorter.verdict());
        StreamComparator longer = new StreamComparator();
        longer.expect(b("abc"));
        actual(longer, "abcdef");
        assertEquals(Verdict.LONGER, longer.verdict());
    }

    @Test
    void acceptsAnythingWhereTheCaptureLacksTheBytes() {
        StreamComparator c = new StreamComparator();
        c.expect(b("ab"));
        c.expectUnknown(3);
        c.expect(b("f"));
        actual(c, "abXYZf");
        assertEquals(Verdict.IDENTICAL, c.verdict());
    }

    @Test
    void givesUpRatherThanBufferWithoutBound() {
        StreamComparator c = new StreamComparator(8);
        c.expect(b("0123456789"));
        assertEquals(Verdict.NOT_VERIFIED, c.verdict());
    }
}
