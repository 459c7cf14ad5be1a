package org.replaytcp.camel;

import java.util.BitSet;

/**
 * Which connections to keep, by the index {@code inspect} shows (Wireshark's {@code tcp.stream}): a list such as
 * {@code 0,2,5-7}. An empty selection keeps all. Shared by the {@code pcap:} endpoint's {@code connections} option
 * and the command line's {@code --connections}.
 */
public record ConnectionSelection(BitSet indices) {

    /** Keeps every connection. */
    public static final ConnectionSelection ALL = new ConnectionSelection(new BitSet());

    private static final int MAX_INDEX = 10_000_000;

    /** The selection {@code text} names; blank keeps all. */
    public static ConnectionSelection parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        BitSet indices = new BitSet();
        for (String part : text.split(",")) {
            String item = part.trim();
            try {
                int dash = item.indexOf('-');
                int from = Integer.parseInt(
                        dash < 0 ? item : item.substring(0, dash).trim());
                int to = dash < 0
                        ? from
                        : Integer.parseInt(item.substring(dash + 1).trim());
                if (from < 0 || to < from || to > MAX_INDEX) {
                    throw new NumberFormatException();
                }
                indices.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "connections: '" + item + "' is not an index or a range such as 5-7 (in '" + text + "')");
            }
        }
        return new ConnectionSelection(indices);
    }

    /** Whether the connection with this index is kept. */
    public boolean includes(int index) {
        return indices.isEmpty() || indices.get(index);
    }

    /** Whether every connection is kept. */
    public boolean keepsAll() {
        return indices.isEmpty();
    }

    /** The indices named, in order (empty when all are kept). */
    public java.util.stream.IntStream named() {
        return indices.stream();
    }
}
