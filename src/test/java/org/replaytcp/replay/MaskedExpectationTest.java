package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Masks applied to the recorded stream, fed in awkward segments on both sides and far longer than the look-ahead: a
 * change inside a masked range is no difference, a change one byte outside it is one, at exactly its offset.
 * Offsets are computed by hand from the frame layout.
 */
class MaskedExpectationTest {

    /** DAQbox-like frames of 12 bytes: AA 55, length 00 08, sequence (bytes 4-7), 4 data bytes. */
    private static byte[] frames(int count, int firstSequence) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int sequence = firstSequence + i;
            out.writeBytes(new byte[] {
                (byte) 0xAA,
                0x55,
                0,
                8,
                (byte) (sequence >> 24),
                (byte) (sequence >> 16),
                (byte) (sequence >> 8),
                (byte) sequence,
                (byte) i,
                1,
                2,
                3
            });
        }
        return out.toByteArray();
    }

    /** The verdict and first difference of {@code actual} against {@code recorded} under {@code rules}. */
    private static String compare(IgnoreRules rules, byte[] recorded, byte[] actual) {
        StreamComparator comparator = new StreamComparator();
        MaskedExpectation expectation = new MaskedExpectation(rules, comparator);
        for (int at = 0; at < recorded.length; at += 7) { // segments that split frames and masks
            expectation.expect(Arrays.copyOfRange(recorded, at, Math.min(recorded.length, at + 7)));
        }
        expectation.finish();
        for (int at = 0; at < actual.length; at += 13) {
            comparator.actual(actual, at, Math.min(13, actual.length - at));
        }
        return comparator.verdict().jsonName() + " " + comparator.firstDifference();
    }

    private static byte[] changed(byte[] bytes, int... offsets) {
        byte[] copy = bytes.clone();
        for (int offset : offsets) {
            copy[offset] ^= 0x5A;
        }
        return copy;
    }

    @Test
    void frameRulesMaskExactlyTheBytesAsked() {
        IgnoreRules sequence = IgnoreRules.of(List.of(), List.of("AA55:4-7"));
        byte[] recorded = frames(360, 1); // 4 320 bytes: more than the 4 096 held back, so some go early
        assertEquals("identical -1", compare(sequence, recorded, frames(360, 1000)));
        // Frame 300 starts at 3600: its bytes 4 and 7 are masked, 3 and 8 are not.
        assertEquals("identical -1", compare(sequence, recorded, changed(recorded, 3604, 3607)));
        assertEquals("differs 3603", compare(sequence, recorded, changed(recorded, 3603)));
        assertEquals("differs 3608", compare(sequence, recorded, changed(recorded, 3608)));
        // The frame across the look-ahead's edge (frame 341 at 4092: bytes 4-7 = 4096..4099).
        assertEquals("identical -1", compare(sequence, recorded, changed(recorded, 4096, 4099)));
        assertEquals("differs 4100", compare(sequence, recorded, changed(recorded, 4100)));
        // The very last frame, held back until the end: 4 308..4 319.
        assertEquals("identical -1", compare(sequence, recorded, changed(recorded, 4312, 4315)));
        assertEquals("differs 4319", compare(sequence, recorded, changed(recorded, 4319)));
        assertEquals("differs 0", compare(sequence, recorded, changed(recorded, 0)));
        assertEquals("shorter -1", compare(sequence, recorded, Arrays.copyOf(recorded, 4319)));
    }

    @Test
    void withoutRulesEveryByteCounts() {
        byte[] recorded = frames(500, 1);
        assertEquals("differs 4", compare(IgnoreRules.NONE, recorded, changed(recorded, 4)));
        assertEquals("identical -1", compare(IgnoreRules.NONE, recorded, recorded.clone()));
    }

    @Test
    void aRegexMasksItsGroupsOnlyEvenAcrossSegments() {
        IgnoreRules acks = IgnoreRules.of(List.of(":(\\d+)\\r\\n"), List.of());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 360; i++) {
            text.append("ACK:").append(1_000_000 + i).append("\r\n"); // 13 bytes a line
        }
        byte[] recorded = text.toString().getBytes(StandardCharsets.US_ASCII);
        // 4 680 bytes. Line 340 starts at 4420: its digits are 4424..4430, its ':' 4423 and '\r' 4431 are not masked.
        assertEquals("identical -1", compare(acks, recorded, changed(recorded, 4424, 4430)));
        assertEquals("differs 4423", compare(acks, recorded, changed(recorded, 4423)));
        assertEquals("differs 4431", compare(acks, recorded, changed(recorded, 4431)));
    }

    @Test
    void bytesTheCaptureLacksMatchAnything() {
        IgnoreRules rules = IgnoreRules.of(List.of("X+"), List.of());
        StreamComparator comparator = new StreamComparator();
        MaskedExpectation expectation = new MaskedExpectation(rules, comparator);
        expectation.expect("abcXX".getBytes(StandardCharsets.US_ASCII));
        expectation.expectUnknown(3); // offsets 5..7
        expectation.expect("ghi".getBytes(StandardCharsets.US_ASCII));
        expectation.finish();
        byte[] live = "abcYY???gh!".getBytes(StandardCharsets.US_ASCII);
        comparator.actual(live, 0, live.length);
        assertEquals(Verdict.DIFFERS, comparator.verdict());
        assertEquals(10, comparator.firstDifference()); // XX masked, the unknown three unchecked, '!' is not 'i'
        assertEquals(11, comparator.expectedBytes());
    }

    @Test
    void theRulesRunOverEachByteAFewTimesWhateverTheSegmentSize() {
        byte[] recorded = frames(1000, 1); // 12,000 bytes
        for (int segment : new int[] {1, 7, 100, 5000}) {
            MaskedExpectation expectation =
                    new MaskedExpectation(IgnoreRules.of(List.of(), List.of("AA55:4-7")), new StreamComparator());
            for (int at = 0; at < recorded.length; at += segment) {
                expectation.expect(Arrays.copyOfRange(recorded, at, Math.min(recorded.length, at + segment)));
            }
            expectation.finish();
            // Each rule pass covers at most twice the look-ahead plus a segment and hands on at least the
            // look-ahead, so in all about twice the stream (it was once the look-ahead per segment: 7 MB at 7 bytes).
            long bound = 2L * recorded.length + 2L * MaskedExpectation.LOOKAHEAD + segment;
            assertTrue(
                    expectation.scannedBytes() <= bound,
                    segment + "-byte segments: " + expectation.scannedBytes() + " bytes scanned, bound " + bound);
        }
    }
}
