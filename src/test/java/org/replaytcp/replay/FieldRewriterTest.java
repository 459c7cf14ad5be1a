package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fields rewritten in a stream of segments, frames cut anywhere: every expected byte written out by hand. */
class FieldRewriterTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    private static FieldRewriter rewriter(FieldRewriter.Counters counters, String... rules) {
        return new FieldRewriter(
                List.of(rules).stream().map(FieldRewrite::parse).toList(), counters, () -> 0x0102_0304_0506L);
    }

    @Test
    void aCounterKeepsTheFirstRecordedValueAndCountsOnAcrossFramesAndConnections() {
        FieldRewriter.Counters run = new FieldRewriter.Counters(1);
        FieldRewriter first = rewriter(run, "AA55:4-7=counter");
        FieldRewriter second = rewriter(run, "AA55:4-7=counter");
        // frames: AA55, length, sequence (recorded: 5, then 1 again in the second connection)
        byte[] a = hex("AA55 0004 00000005 AA55 0004 00000006");
        assertSame(a, first.rewrite(0, a)); // 5 and 6: as recorded
        assertArrayEquals(hex("AA55 0004 00000007"), second.rewrite(0, hex("AA55 0004 00000001")));
        assertArrayEquals(hex("AA55 0004 00000008"), first.rewrite(16, hex("AA55 0004 00000007")));
    }

    @Test
    void framesAndFieldsThatStraddleSegmentsAreFoundAndWritten() {
        FieldRewriter rewriter = rewriter(new FieldRewriter.Counters(1), "AA55:4-7=counter");
        assertArrayEquals(hex("AA55 0004 0000"), rewriter.rewrite(0, hex("AA55 0004 0000")));
        assertArrayEquals(hex("0009 AA"), rewriter.rewrite(6, hex("0009 AA"))); // first: 9 kept; a prefix begins
        assertArrayEquals(hex("55 0004 00"), rewriter.rewrite(9, hex("55 0004 00")));
        assertArrayEquals(hex("00 00 0A 77"), rewriter.rewrite(13, hex("00 00 01 77"))); // 1 → 10
    }

    @Test
    void theRecordingIsNotChangedAndAGapEndsAPrefix() {
        FieldRewriter rewriter = rewriter(new FieldRewriter.Counters(1), "AA55:2-3=const:BEEF");
        byte[] recorded = hex("AA55 0000 AA");
        assertArrayEquals(hex("AA55 BEEF AA"), rewriter.rewrite(0, recorded));
        assertArrayEquals(hex("AA55 0000 AA"), recorded);
        // bytes 5..9 are missing from the capture: the AA before the gap and the 55 after it are no prefix
        byte[] afterGap = hex("55 0000");
        assertSame(afterGap, rewriter.rewrite(10, afterGap));
    }

    @Test
    void timeGoesInAsMillisecondsOrSecondsInEitherByteOrder() {
        // the clock says 0x010203040506 ms = 1108152157446 ms; seconds: 1108152157 = 0x420D0F5D
        FieldRewriter rewriter = rewriter(new FieldRewriter.Counters(2), "7E:1-8=time-ms", "7F:1-4=time-s:le");
        assertArrayEquals(
                hex("7E 0000010203040506 7F 5D0F0D42"), rewriter.rewrite(0, hex("7E 0000000000000000 7F 00000000")));
    }

    @Test
    void theNextPrefixIsLookedForAfterTheFieldOnly() {
        // the field's recorded bytes are AA55 themselves: not a frame of their own
        FieldRewriter rewriter = rewriter(new FieldRewriter.Counters(1), "AA55:2-3=const:0102");
        assertArrayEquals(hex("AA55 0102 AA55 0102"), rewriter.rewrite(0, hex("AA55 AA55 AA55 AA55")));
    }
}
