package org.replaytcp.packet;

/** Why a captured packet carries no TCP segment we can use. Each is counted, none is fatal. */
public enum SkipReason {
    UNSUPPORTED_LINK_TYPE("unsupported link type"),
    NOT_IP("not IPv4 or IPv6"),
    NOT_TCP("not TCP"),
    IP_FRAGMENT("IP fragment"),
    TRUNCATED_HEADER("IP or TCP header cut short by the capture"),
    MALFORMED_HEADER("IP or TCP header contradicts itself");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    /** Plain words for the summary. */
    public String description() {
        return description;
    }

    /** The key used in JSON output, e.g. {@code unsupportedLinkType}. */
    public String jsonKey() {
        String[] words = name().toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }
}
