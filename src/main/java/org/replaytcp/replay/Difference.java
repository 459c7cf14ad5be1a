package org.replaytcp.replay;

/**
 * Where the live peer's bytes first differ from the recorded ones, with some bytes around it.
 *
 * @param offset       stream offset of the first differing byte
 * @param contextStart stream offset of the first byte of both contexts
 * @param expected     recorded bytes from {@code contextStart} (-1: masked or missing from the capture)
 * @param actual       live bytes from {@code contextStart}
 */
public record Difference(long offset, long contextStart, int[] expected, int[] actual) {

    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    /** Two lines, hex then ASCII, for each side: the way a hex dump shows it. */
    public String describe() {
        return "first difference at offset " + offset + "\n"
                + "  expected @" + contextStart + ": " + hex(expected) + " |" + ascii(expected) + "|\n"
                + "  actual   @" + contextStart + ": " + hex(actual) + " |" + ascii(actual) + "|\n"
                + "  " + " ".repeat(("expected @" + contextStart + ": ").length()) + marker();
    }

    /** Hex of one side, bytes separated by spaces; masked bytes are {@code ??}. */
    public static String hex(int[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int b : bytes) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(b < 0 ? "??" : HEX.toHexDigits((byte) b));
        }
        return s.toString();
    }

    /** Printable ASCII of one side; others shown as a dot. */
    public static String ascii(int[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int b : bytes) {
            s.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return s.toString();
    }

    private String marker() {
        return "   ".repeat((int) (offset - contextStart)) + "^^";
    }
}
