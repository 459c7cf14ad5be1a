package org.replaytcp.packet;

/** The LINKTYPE_ values this tool decodes (tcpdump.org/linktypes.html). */
public final class LinkType {

    /** BSD loopback and Npcap's loopback adapter: 4-byte address family in the capturing host's order. */
    public static final int NULL = 0;

    public static final int ETHERNET = 1;
    /** DLT_RAW as most systems number it. */
    public static final int RAW_12 = 12;
    /** DLT_RAW as OpenBSD numbers it. */
    public static final int RAW_14 = 14;

    public static final int RAW = 101;
    /** OpenBSD loopback: like NULL but the family is in network byte order. */
    public static final int LOOP = 108;

    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {}

    /** Name for messages, such as {@code LINUX_SLL2 (276)}. */
    public static String describe(int linkType) {
        String name = switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case RAW_12, RAW_14, RAW -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> null;
        };
        return name == null ? "link type " + linkType : name + " (" + linkType + ")";
    }
}
