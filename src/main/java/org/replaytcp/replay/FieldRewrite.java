package org.replaytcp.replay;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rewrite rule for a field of the binary frames we send ({@code --rewrite-bytes}), written
 * {@code PREFIX:FROM-TO=VALUE}: in every frame of our direction that starts with the hex PREFIX, bytes FROM to TO
 * (counted from the frame's first byte, both included) are replaced by VALUE:
 * <ul>
 *   <li>{@code counter}: the first such frame keeps its recorded value, each later one (in any connection) gets one
 *       more, so a sequence number goes on counting instead of starting again;
 *   <li>{@code time-ms} / {@code time-s}: the current time (Unix epoch) when the frame is sent;
 *   <li>{@code const:HEX}: these bytes.
 * </ul>
 * Numbers are big-endian unless {@code :le} follows ({@code counter:le}); a number wider than the field keeps its
 * low bytes. The field lies after the prefix (FROM at least the prefix's length), at most 8 bytes for a number.
 *
 * @param prefix       the bytes a frame starts with
 * @param from         the field's first byte in the frame
 * @param to           the field's last byte in the frame
 * @param value        what goes in the field
 * @param littleEndian numbers least significant byte first
 * @param constant     the bytes of {@code const:HEX}, else null
 */
public record FieldRewrite(byte[] prefix, int from, int to, Value value, boolean littleEndian, byte[] constant) {

    /** What goes in the field. */
    public enum Value {
        COUNTER("counter"),
        TIME_MS("time-ms"),
        TIME_S("time-s"),
        CONST("const");

        private final String text;

        Value(String text) {
            this.text = text;
        }
    }

    private static final Pattern SYNTAX = Pattern.compile(
            "(?i)(?:0x)?([0-9a-f]+):(\\d{1,6})-(\\d{1,6})=(counter|time-ms|time-s|const:(?:0x)?([0-9a-f]*))(:le)?");

    /**
     * Reads {@code AA55:4-7=counter}, {@code AA55:8-15=time-ms:le}, {@code 7E:1-2=const:FFFF}.
     *
     * @throws IllegalArgumentException in one line naming the rule and what is wrong
     */
    public static FieldRewrite parse(String text) {
        String rule = text == null ? "" : text.trim();
        Matcher m = SYNTAX.matcher(rule);
        if (!m.matches()) {
            throw new IllegalArgumentException("--rewrite-bytes '" + rule + "' is not PREFIX:FROM-TO=VALUE with VALUE "
                    + "counter, time-ms, time-s or const:HEX (e.g. AA55:4-7=counter)");
        }
        if (m.group(1).length() % 2 != 0) {
            throw new IllegalArgumentException(
                    "--rewrite-bytes '" + rule + "': the prefix needs whole bytes (an even " + "number of hex digits)");
        }
        byte[] prefix = HexFormat.of().parseHex(m.group(1));
        int from = Integer.parseInt(m.group(2));
        int to = Integer.parseInt(m.group(3));
        if (to < from) {
            throw new IllegalArgumentException("--rewrite-bytes '" + rule + "': the field ends before it starts");
        }
        if (from < prefix.length) {
            throw new IllegalArgumentException("--rewrite-bytes '" + rule + "': the field overlaps the prefix (it "
                    + "must start at byte " + prefix.length + " or later)");
        }
        String name = m.group(4).toLowerCase(Locale.ROOT);
        Value value = name.startsWith("const")
                ? Value.CONST
                : Value.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        boolean littleEndian = m.group(6) != null;
        int width = to - from + 1;
        byte[] constant = null;
        if (value == Value.CONST) {
            if (littleEndian) {
                throw new IllegalArgumentException("--rewrite-bytes '" + rule + "': :le is for numbers, not const");
            }
            if (m.group(5).length() != width * 2) {
                throw new IllegalArgumentException("--rewrite-bytes '" + rule + "': const needs " + width
                        + " bytes for a field of " + width + " (" + width * 2 + " hex digits)");
            }
            constant = HexFormat.of().parseHex(m.group(5));
        } else if (width > 8) {
            throw new IllegalArgumentException(
                    "--rewrite-bytes '" + rule + "': a number fills at most 8 bytes, not " + width);
        }
        return new FieldRewrite(prefix, from, to, value, littleEndian, constant);
    }

    /** The field's length in bytes. */
    public int width() {
        return to - from + 1;
    }

    /** The same field as an {@code --ignore-bytes} rule: what the peer echoes of it is not compared. */
    public String maskRule() {
        return HexFormat.of().formatHex(prefix) + ":" + from + "-" + to;
    }

    /** The rule in one canonical form: {@code AA55:4-7=counter:le}. */
    public String text() {
        String v =
                value == Value.CONST ? "const:" + HexFormat.of().withUpperCase().formatHex(constant) : value.text;
        return HexFormat.of().withUpperCase().formatHex(prefix) + ":" + from + "-" + to + "=" + v
                + (littleEndian ? ":le" : "");
    }

    /** {@code number} in {@code width} bytes, in this rule's byte order (its low bytes when wider). */
    byte[] encode(long number) {
        byte[] out = new byte[width()];
        for (int i = 0; i < out.length; i++) {
            byte b = (byte) (number >>> (8 * i));
            out[littleEndian ? i : out.length - 1 - i] = b;
        }
        return out;
    }

    /** The number in {@code field} ({@code width} bytes), in this rule's byte order. */
    long decode(byte[] field) {
        long number = 0;
        for (int i = 0; i < field.length; i++) {
            int b = field[littleEndian ? field.length - 1 - i : i] & 0xFF;
            number = (number << 8) | b;
        }
        return number;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldRewrite r && r.text().equals(text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
