package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comparison with masks and the context of a difference, from hand-written bytes. */
class VerificationTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int[] ints(String s) {
        return s.chars().toArray();
    }

    @Test
    void showsEightBytesBeforeTheDifferenceAndWhatFollowsOnEachSide() {
        StreamComparator c = new StreamComparator();
        c.expect(b("HTTP/1.1 200 OK\r\nServer: old\r\n"));
        c.actual(b("HTTP/1.1 200 OK\r\nServer: new\r\n"), 0, 30);
        Difference d = c.difference();
        assertEquals(25, d.offset());
        assertEquals(17, d.contextStart());
        assertArrayEquals(ints("Server: old\r\n"), d.expected());
        assertArrayEquals(ints("Server: new\r\n"), d.actual());
        assertTrue(d.describe().contains("53 65 72 76 65 72 3a 20 6f 6c 64 0d 0a |Server: old..|"), d.describe());
    }

    @Test
    void fillsTheContextFromBytesThatArriveAfterTheDifference() {
        StreamComparator c = new StreamComparator();
        c.expect(b("abcdefghij"));
        c.actual(b("abcdefX"), 0, 7);
        c.actual(b("hij0123456789012345678901234567890"), 0, 34);
        c.expect(b("klmnopqrstuvwxyz0123456789"));
        Difference d = c.difference();
        assertEquals(6, d.offset());
        assertEquals(32, d.expected().length);
        assertEquals(32, d.actual().length);
        assertArrayEquals(ints("abcdefghijklmnopqrstuvwxyz012345"), d.expected());
        assertArrayEquals(ints("abcdefXhij0123456789012345678901"), d.actual());
    }

    @Test
    void masksWhatARegexMatchesInTheRecording() {
        IgnoreRules rules = IgnoreRules.of(List.of("Date: [^\\r]*"), List.of());
        StreamComparator c = new StreamComparator();
        MaskedExpectation expected = new MaskedExpectation(rules, c);
        expected.expect(b("HTTP/1.1 200 OK\r\nDate: Thu, 07 Mar 2013 "));
        expected.expect(b("21:43:07 GMT\r\nServer: x\r\n")); // the match spans two segments
        expected.finish();
        String live = "HTTP/1.1 200 OK\r\nDate: Wed, 25 Nov 2026 13:00:00 GMT\r\nServer: x\r\n";
        c.actual(b(live), 0, live.length());
        assertEquals(Verdict.IDENTICAL, c.verdict());
    }

    @Test
    void stillFindsDifferencesOutsideTheMask() {
        IgnoreRules rules = IgnoreRules.of(List.of("Date: [^\\r]*"), List.of());
        StreamComparator c = new StreamComparator();
        MaskedExpectation expected = new MaskedExpectation(rules, c);
        expected.expect(b("Date: Thu\r\nServer: x\r\n"));
        expected.finish();
        c.actual(b("Date: Fri\r\nServer: y\r\n"), 0, 22);
        assertEquals(Verdict.DIFFERS, c.verdict());
        assertEquals(19, c.firstDifference());
        assertArrayEquals(ints("Server: x\r\n"), c.difference().expected());
        assertArrayEquals(ints("Server: y\r\n"), c.difference().actual());
    }

    @Test
    void masksByteRangesOfBinaryFrames() {
        // Two frames AA 55 len(2) seq(4) data: bytes 4-7 (the sequence number) may differ.
        IgnoreRules rules = IgnoreRules.of(List.of(), List.of("AA55:4-7"));
        StreamComparator c = new StreamComparator();
        MaskedExpectation expected = new MaskedExpectation(rules, c);
        byte[] recorded = {(byte) 0xAA, 0x55, 0, 6, 0, 0, 0, 1, 10, 11, (byte) 0xAA, 0x55, 0, 6, 0, 0, 0, 2, 12, 13};
        byte[] live = {(byte) 0xAA, 0x55, 0, 6, 0, 0, 0, 7, 10, 11, (byte) 0xAA, 0x55, 0, 6, 0, 0, 0, 8, 12, 13};
        expected.expect(recorded);
        expected.finish();
        c.actual(live, 0, live.length);
        assertEquals(Verdict.IDENTICAL, c.verdict());

        StreamComparator unmasked = new StreamComparator();
        unmasked.expect(recorded);
        unmasked.actual(live, 0, live.length);
        assertEquals(Verdict.DIFFERS, unmasked.verdict());
        assertEquals(7, unmasked.firstDifference());
    }

    @Test
    void refusesRulesThatDoNotParse() {
        assertThrows(IllegalArgumentException.class, () -> IgnoreRules.of(List.of("Date: [unclosed"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> IgnoreRules.of(List.of(), List.of("AA55:1-3")));
        assertThrows(IllegalArgumentException.class, () -> IgnoreRules.of(List.of(), List.of("AA5:4-7")));
        assertThrows(IllegalArgumentException.class, () -> IgnoreRules.of(List.of(), List.of("AA55:9-4")));
    }

    @Test
    void histogramPercentilesComeFromTheRecordedLateness() {
        LatenessHistogram h = new LatenessHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 1_000L); // 1..100 us
        }
        h.record(-250_000_000L); // 250 ms early counts by its magnitude
        assertEquals(51, h.percentileMicros(0.5));
        assertEquals(100, h.percentileMicros(0.99));
        assertEquals(250_000, h.maxMicros());
        assertEquals(101, h.count());
    }

    @Test
    void histogramIsExactBelow256MicrosAndWithinOnePercentAbove() {
        LatenessHistogram h = new LatenessHistogram();
        for (int i = 0; i < 1000; i++) {
            h.record(3_700_000L); // 3.7 ms
        }
        long p50 = h.percentileMicros(0.5);
        assertTrue(p50 >= 3_700 && p50 <= 3_737, "p50 " + p50);
    }

    @Test
    void aConnectionsHistogramStaysSmall() {
        LatenessHistogram h = new LatenessHistogram();
        for (int i = 0; i < 5; i++) {
            h.record(i * 37_000L);
        }
        // A packed histogram: a handful of sends costs a few hundred bytes, not the 800 KB of an array per µs.
        assertTrue(h.footprintBytes() < 4096, "bytes: " + h.footprintBytes());
    }
}
