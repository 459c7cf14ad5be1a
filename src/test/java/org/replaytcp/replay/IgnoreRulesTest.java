package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules' syntax at its limits, and the ranges they find, by hand. */
class IgnoreRulesTest {

    private static List<IgnoreRules.Range> find(IgnoreRules rules, String text, long base, long minStart) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return rules.find(bytes, bytes.length, base, minStart);
    }

    private static IgnoreRules.Range range(long from, long to) {
        return new IgnoreRules.Range(from, to);
    }

    @Test
    void frameRulesMustStartAfterTheirPrefixAndEndAfterTheyStart() {
        IgnoreRules atPrefixEnd = IgnoreRules.of(List.of(), List.of("AA55:2-2"));
        assertEquals(List.of(range(2, 3)), find(atPrefixEnd, "\u00aa\u0055\u0001\u0002", 0, 0));
        IgnoreRules lower = IgnoreRules.of(List.of(), List.of("0xaa55:3-4"));
        assertEquals(List.of(range(13, 15)), find(lower, "\u00aa\u0055\u0001\u0002\u0003", 10, 0));
        assertEquals(
                "--ignore-bytes: 'AA55:1-3': the range must come after the 2-byte prefix and FROM must not exceed TO",
                assertThrows(IllegalArgumentException.class, () -> IgnoreRules.of(List.of(), List.of("AA55:1-3")))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> IgnoreRules.of(List.of(), List.of("AA55:4-3")));
        assertEquals(
                "--ignore-bytes: 'AA5:4-7' is not PREFIX:FROM-TO, e.g. AA55:8-15 (hex prefix, byte offsets in the frame)",
                assertThrows(IllegalArgumentException.class, () -> IgnoreRules.of(List.of(), List.of("AA5:4-7")))
                        .getMessage());
    }

    @Test
    void noRulesIsTheEmptySet() {
        assertSame(IgnoreRules.NONE, IgnoreRules.of(List.of(), List.of()));
        assertTrue(IgnoreRules.NONE.isEmpty());
        assertFalse(IgnoreRules.of(List.of("x"), List.of()).isEmpty());
    }

    @Test
    void emptyMatchesMaskNothingAndEndTheSearch() {
        IgnoreRules xs = IgnoreRules.of(List.of("x*"), List.of());
        assertEquals(List.of(range(1, 3), range(4, 5)), find(xs, "axxbx", 0, 0));
        assertEquals(List.of(), find(xs, "abc", 0, 0));
        assertEquals(List.of(), find(xs, "", 0, 0));
    }

    @Test
    void rangesStartingBeforeTheFloorAreLeftOut() {
        IgnoreRules digits = IgnoreRules.of(List.of("\\d+"), List.of());
        // "12" at 100-101, "34" at 103-104, "5" at 106
        assertEquals(List.of(range(103, 105), range(106, 107)), find(digits, "12a34b5", 100, 101));
        assertEquals(List.of(range(103, 105), range(106, 107)), find(digits, "12a34b5", 100, 103));
        assertEquals(List.of(range(106, 107)), find(digits, "12a34b5", 100, 104));
    }

    @Test
    void groupsThatDidNotTakePartMaskNothing() {
        IgnoreRules either = IgnoreRules.of(List.of("a(\\d)|b(\\d)"), List.of());
        assertEquals(List.of(range(1, 2), range(3, 4)), find(either, "a1b2", 0, 0));
    }
}
