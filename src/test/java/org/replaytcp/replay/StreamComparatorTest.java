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

    @Test
    void lentBytesThatMustWaitAreCopiedAndUnchangingOnesKept() {
        // The live side lends a reused array: what waits is a copy, so reusing the array changes nothing.
        StreamComparator live = new StreamComparator();
        byte[] lent = b("abcdef");
        live.actual(lent, 0, 6);
        java.util.Arrays.fill(lent, (byte) '-');
        live.expect(b("abcdef"));
        assertEquals(Verdict.IDENTICAL, live.verdict());
        // A captured segment's bytes are kept as they are while they wait, and compared with what comes later,
        // also split across the live reads and mixed with copied expectations.
        StreamComparator recorded = new StreamComparator();
        recorded.expectUnchanging(b("HELLO "));
        recorded.expect(b("WORLD"), 0, 5);
        recorded.expectUnchanging(b("!"));
        actual(recorded, "HE");
        actual(recorded, "LLO WO");
        actual(recorded, "RLD!");
        assertEquals(Verdict.IDENTICAL, recorded.verdict());
        assertEquals(12, recorded.expectedBytes());
        StreamComparator differs = new StreamComparator();
        differs.expectUnchanging(b("0123456789"));
        actual(differs, "0123X");
        assertEquals(Verdict.DIFFERS, differs.verdict());
        assertEquals(4, differs.firstDifference());
    }
}
