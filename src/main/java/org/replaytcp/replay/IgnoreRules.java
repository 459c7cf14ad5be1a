package org.replaytcp.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What legitimately changes between runs and must not be compared: regular expressions over the recorded
 * stream (bytes read as ISO-8859-1, so any byte is one character). A match is masked whole; when the expression
 * has capturing groups, only the groups are masked.
 *
 * <p>Binary frames get a shorthand: {@code AA55:8-15} masks bytes 8 to 15 (counted from the frame's first byte)
 * of every frame that starts with the bytes 0xAA 0x55.
 */
public final class IgnoreRules {

    /** A masked run of the recorded stream, {@code [from, to)} in stream offsets. */
    public record Range(long from, long to) {}

    private static final Pattern FRAME_RULE = Pattern.compile("(?i)(?:0x)?([0-9a-f]{2,}):(\\d+)-(\\d+)");

    private final List<Pattern> patterns;

    private IgnoreRules(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static final IgnoreRules NONE = new IgnoreRules(List.of());

    /**
     * @param regexes     regular expressions ({@code --ignore})
     * @param frameRanges {@code PREFIXHEX:FROM-TO} rules ({@code --ignore-bytes})
     * @throws IllegalArgumentException naming the rule that does not parse
     */
    public static IgnoreRules of(List<String> regexes, List<String> frameRanges) {
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : regexes) {
            try {
                patterns.add(Pattern.compile(regex, Pattern.DOTALL));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "--ignore: not a regular expression: " + regex + " (" + e.getDescription() + ")");
            }
        }
        for (String rule : frameRanges) {
            patterns.add(frameRule(rule));
        }
        return patterns.isEmpty() ? NONE : new IgnoreRules(List.copyOf(patterns));
    }

    /** Turns {@code AA55:8-15} into an expression whose one group is bytes 8..15 of a frame starting AA 55. */
    private static Pattern frameRule(String rule) {
        Matcher m = FRAME_RULE.matcher(rule.trim());
        if (!m.matches() || m.group(1).length() % 2 != 0) {
            throw new IllegalArgumentException("--ignore-bytes: '" + rule
                    + "' is not PREFIX:FROM-TO, e.g. AA55:8-15 (hex prefix, byte offsets in the frame)");
        }
        byte[] prefix = HexFormat.of().parseHex(m.group(1));
        int from = Integer.parseInt(m.group(2));
        int to = Integer.parseInt(m.group(3));
        if (to < from || from < prefix.length) {
            throw new IllegalArgumentException("--ignore-bytes: '" + rule + "': the range must come after the "
                    + prefix.length + "-byte prefix and FROM must not exceed TO");
        }
        StringBuilder regex = new StringBuilder();
        for (byte b : prefix) {
            regex.append("\\x").append(HexFormat.of().toHexDigits(b));
        }
        regex.append(".{")
                .append(from - prefix.length)
                .append("}(.{")
                .append(to - from + 1)
                .append("})");
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * The masked ranges of {@code text} (recorded bytes as ISO-8859-1), offset by {@code base}, that start at or
     * after {@code minStart}.
     */
    List<Range> find(byte[] bytes, int length, long base, long minStart) {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        List<Range> ranges = new ArrayList<>();
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (m.groupCount() == 0) {
                    add(ranges, base, minStart, m.start(), m.end());
                } else {
                    for (int g = 1; g <= m.groupCount(); g++) {
                        if (m.start(g) >= 0) {
                            add(ranges, base, minStart, m.start(g), m.end(g));
                        }
                    }
                }
                if (m.end() == m.start()) {
                    if (m.end() >= text.length()) {
                        break;
                    }
                    m.region(m.end() + 1, text.length());
                }
            }
        }
        return ranges;
    }

    private static void add(List<Range> ranges, long base, long minStart, int start, int end) {
        if (end > start && base + start >= minStart) {
            ranges.add(new Range(base + start, base + end));
        }
    }
}
