package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --rewrite REGEX=>REPLACEMENT}: the rule, its placeholders, and a connection's segments rewritten. */
class TextRewriteTest {

    private static final ZonedDateTime NOON = ZonedDateTime.of(2026, 12, 5, 12, 34, 56, 0, ZoneOffset.UTC);

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static TextRewriter rewriter(boolean allowResize, TextRewriter.Counters counters, String... rules) {
        List<TextRewrite> parsed =
                java.util.Arrays.stream(rules).map(TextRewrite::parse).toList();
        return new TextRewriter(parsed, counters, 3, 7, allowResize, () -> NOON);
    }

    @Test
    void rulesThatCannotWorkAreRefusedInOneLineNamingThem() {
        String[][] cases = {
            {"no arrow", "--rewrite 'no arrow' is not REGEX=>REPLACEMENT (e.g. 'ACK (\\d+)=>ACK ${counter}')"},
            {"=>x", "--rewrite '=>x' is not REGEX=>REPLACEMENT (e.g. 'ACK (\\d+)=>ACK ${counter}')"},
            {"(a=>b", "--rewrite '(a=>b': the regex does not parse: Unclosed group near index 2"},
            {
                "a=>${seq}",
                "--rewrite 'a=>${seq}': no placeholder ${seq} (there are ${round}, ${conn}, ${counter} and "
                        + "${now:FORMAT})"
            },
            {"a=>${now}", "--rewrite 'a=>${now}': ${now:FORMAT} needs a format, e.g. ${now:HH:mm:ss}"},
            {"a=>${round:x}", "--rewrite 'a=>${round:x}': ${round} takes no format"},
            {"a(b)=>$2", "--rewrite 'a(b)=>$2': $2 names a group the regex does not have (it has 1)"},
        };
        for (String[] c : cases) {
            assertEquals(
                    c[1],
                    assertThrows(IllegalArgumentException.class, () -> TextRewrite.parse(c[0]))
                            .getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TextRewrite.parse("a=>${now:qqqq-bb}"));
    }

    @Test
    void placeholdersGroupsAndEscapesAreFilledIn() {
        TextRewriter rewriter = rewriter(
                true,
                new TextRewriter.Counters(1),
                "ID (\\w+) AT [a-z]=>ID $1-${conn}-${round}-${counter} AT ${now:HH:mm:ss} \\$\\${round}");
        byte[] out = rewriter.rewrite(0, ascii("ID abc AT x;ID d AT y"));
        assertEquals(
                "ID abc-7-3-1 AT 12:34:56 $${round};ID d-7-3-2 AT 12:34:56 $${round}",
                new String(out, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aReplacementOfTheSameLengthIsDoneAndNothingElseChanges() {
        TextRewriter rewriter = rewriter(false, new TextRewriter.Counters(1), "2\\.4=>2.5");
        byte[] untouched = ascii("ACK 5\r\n");
        assertSame(untouched, rewriter.rewrite(0, untouched), "no match: the very same array");
        assertArrayEquals(ascii("POLYVIEW 2.5 READY\r\n"), rewriter.rewrite(7, ascii("POLYVIEW 2.4 READY\r\n")));
        assertEquals(0, rewriter.lengthChange());
        assertEquals(List.of(), rewriter.problems());
        assertNull(rewriter.firstRefusal());
    }

    @Test
    void anotherLengthGoesOutAsRecordedUnlessResizingIsAllowed() {
        TextRewriter strict = rewriter(false, new TextRewriter.Counters(1), "ACK (\\d+)=>ACK ${counter}");
        assertArrayEquals(ascii("ACK 1\r\n"), strict.rewrite(20, ascii("ACK 5\r\n")));
        byte[] ten = ascii("ACK 10\r\n");
        assertSame(ten, strict.rewrite(27, ten));
        assertEquals(
                "--rewrite 'ACK (\\d+)=>ACK ${counter}' at offset 27: 'ACK 10' would become 'ACK 2' (1 byte shorter); "
                        + "sent as recorded (--allow-resize lets lengths change)",
                strict.firstRefusal());
        assertEquals(List.of(strict.firstRefusal()), strict.problems());

        TextRewriter resizing = rewriter(true, new TextRewriter.Counters(1), "ACK (\\d+)=>ACK ${counter}");
        assertArrayEquals(ascii("ACK 1\r\nACK 2\r\n"), resizing.rewrite(20, ascii("ACK 5\r\nACK 10\r\n")));
        assertArrayEquals(ascii("ACK 3\r\n"), resizing.rewrite(35, ascii("ACK 15\r\n")));
        assertEquals(-2, resizing.lengthChange());
        assertEquals(2, resizing.resized());
        assertNull(resizing.firstRefusal());
    }

    @Test
    void theCounterGoesOnAcrossConnectionsSharingIt() {
        TextRewriter.Counters shared = new TextRewriter.Counters(2);
        TextRewriter a = rewriter(true, shared, "x=>${counter}", "y=>${counter}");
        TextRewriter b = rewriter(true, shared, "x=>${counter}", "y=>${counter}");
        assertArrayEquals(ascii("1 1"), a.rewrite(0, ascii("x y")));
        assertArrayEquals(ascii("2 3 2"), b.rewrite(0, ascii("x x y")));
        assertArrayEquals(ascii("4"), a.rewrite(3, ascii("x")));
    }

    @Test
    void aMatchThatStraddlesTwoSegmentsIsReportedWhereItWas() {
        TextRewriter rewriter = rewriter(false, new TextRewriter.Counters(1), "READY=>STEADY");
        rewriter.rewrite(0, ascii("POLYVIEW 2.4 REA"));
        assertArrayEquals(ascii("DY\r\n"), rewriter.rewrite(16, ascii("DY\r\n")));
        assertEquals(
                List.of(
                        "--rewrite 'READY=>STEADY': 'READY' at offset 13 straddles two segments and went out as recorded"),
                rewriter.problems());
        assertEquals("\\r\\n\\t\\x00", TextRewriter.printable("\r\n\t\0"));
    }
}
