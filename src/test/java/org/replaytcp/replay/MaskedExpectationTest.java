package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        byte[] recorded = frames(1000, 1); // 12 000 bytes: releases happen all along
        assertEquals("identical -1", compare(sequence, recorded, frames(1000, 1000)));
        // Frame 500 starts at 6000: its bytes 4 and 7 are masked, 3 and 8 are not.
        assertEquals("identical -1", compare(sequence, recorded, changed(recorded, 6004, 6007)));
        assertEquals("differs 6003", compare(sequence, recorded, changed(recorded, 6003)));
        assertEquals("differs 6008", compare(sequence, recorded, changed(recorded, 6008)));
        // The frame across the first release (offset 4096 = frame 341 at 4092, bytes 4-7 = 4096..4099).
        assertEquals("identical -1", compare(sequence, recorded, changed(recorded, 4096, 4099)));
        assertEquals("differs 4100", compare(sequence, recorded, changed(recorded, 4100)));
        // The very last frame, held back until the end: 11 988..11 999.
        assertEquals("identical -1", compare(sequence, recorded, changed(recorded, 11_992, 11_995)));
        assertEquals("differs 11999", compare(sequence, recorded, changed(recorded, 11_999)));
        assertEquals("differs 0", compare(sequence, recorded, changed(recorded, 0)));
        assertEquals("shorter -1", compare(sequence, recorded, Arrays.copyOf(recorded, 11_999)));
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
        for (int i = 0; i < 600; i++) {
            text.append("ACK:").append(1_000_000 + i).append("\r\n"); // 13 bytes a line
        }
        byte[] recorded = text.toString().getBytes(StandardCharsets.US_ASCII);
        // Line 400 starts at 5200: its digits are 5204..5210, its ':' 5203 and '\r' 5211 are not masked.
        assertEquals("identical -1", compare(acks, recorded, changed(recorded, 5204, 5210)));
        assertEquals("differs 5203", compare(acks, recorded, changed(recorded, 5203)));
        assertEquals("differs 5211", compare(acks, recorded, changed(recorded, 5211)));
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
}
