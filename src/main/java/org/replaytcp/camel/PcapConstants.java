package org.replaytcp.camel;

import org.apache.camel.spi.Metadata;

/** Headers the {@code pcap:} consumer sets on every exchange. Names start with {@code Camel} so they never reach a wire. */
public final class PcapConstants {

    @Metadata(
            description =
                    "0-based index of the recorded connection, in order of first appearance (Wireshark's tcp.stream).",
            javaType = "Integer")
    public static final String CONNECTION_INDEX = "CamelPcapConnectionIndex";

    @Metadata(description = "The recorded client as address:port, an IPv6 address in brackets.", javaType = "String")
    public static final String CLIENT = "CamelPcapClient";

    @Metadata(description = "The recorded server as address:port, an IPv6 address in brackets.", javaType = "String")
    public static final String SERVER = "CamelPcapServer";

    @Metadata(description = "Which way the segment went: CLIENT_TO_SERVER or SERVER_TO_CLIENT.", javaType = "String")
    public static final String DIRECTION = "CamelPcapDirection";

    @Metadata(description = "Capture time of the packet, in nanoseconds since the Unix epoch.", javaType = "Long")
    public static final String TIMESTAMP = "CamelPcapTimestamp";

    @Metadata(description = "Nanoseconds from the connection's first packet to this one.", javaType = "Long")
    public static final String TIME_SINCE_OPEN = "CamelPcapTimeSinceOpen";

    @Metadata(
            description = "Offset of the first byte in its direction's stream (0 = first byte after the SYN).",
            javaType = "Long")
    public static final String STREAM_OFFSET = "CamelPcapStreamOffset";

    @Metadata(
            description = "What the exchange reports: DATA, OPENED, GAP, HALF_CLOSE, RESET or CLOSED.",
            javaType = "String")
    public static final String EVENT_TYPE = "CamelPcapEventType";

    @Metadata(description = "For GAP: how many bytes the capture lacks.", javaType = "Long")
    public static final String GAP_LENGTH = "CamelPcapGapLength";

    @Metadata(description = "How the roles were found: syn or inferred.", javaType = "String")
    public static final String ROLE_FROM = "CamelPcapRoleFrom";

    @Metadata(description = "For CLOSED: how the connection ended: fin, rst or open.", javaType = "String")
    public static final String CONNECTION_END = "CamelPcapConnectionEnd";

    @Metadata(
            description = "Which round of a loop (the loop option) the exchange belongs to, from 1.",
            javaType = "Integer")
    public static final String ROUND = "CamelPcapRound";

    @Metadata(
            description = "True on the last exchange the consumer sends for its capture (of its last round).",
            javaType = "Boolean")
    public static final String LAST = "CamelPcapLast";

    @Metadata(
            description = "The event itself, typed (the other headers say the same in words).",
            javaType = "org.replaytcp.tcp.TcpEvent")
    public static final String EVENT = "CamelPcapEvent";

    /**
     * Exchange property a later step may set (milliseconds, a Long) to have the consumer send the same event again
     * after that delay: e.g. to retry a connection that was refused. With ordering CAPTURE, on the same thread,
     * before any later event; with ordering CONNECTION, from a timer, while later events go on.
     */
    public static final String RETRY_DELAY = "CamelPcapRetryDelay";

    /** Event type of an exchange carrying payload bytes. */
    public static final String EVENT_DATA = "DATA";

    public static final String EVENT_OPENED = "OPENED";
    public static final String EVENT_GAP = "GAP";
    public static final String EVENT_HALF_CLOSE = "HALF_CLOSE";
    public static final String EVENT_RESET = "RESET";
    public static final String EVENT_CLOSED = "CLOSED";

    private PcapConstants() {}
}
