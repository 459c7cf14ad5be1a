package org.replaytcp.packet;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.replaytcp.capture.CapturedPacket;

/**
 * Finds the TCP segment in a captured packet: link-layer header, IPv4 (with options) or IPv6 (with
 * extension headers), then TCP. Packets that hold none are counted by {@link SkipReason}.
 *
 * <p>The payload is bounded by the IP length, not the frame, so Ethernet padding and trailers never leak
 * into a stream; bytes the IP length promises but the capture lacks are reported as missing.
 */
public final class PacketDecoder {

    /**
     * The last two IPv4 addresses seen, handed out again when a packet carries them: a capture's packets mostly go
     * between the same two hosts, and two fewer objects per packet is a tenth of the reading time.
     */
    private IpAddress recentV4;

    private IpAddress otherRecentV4;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    private static final int PPPOE_HEADER = 6;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    private static final int ETHERNET_HEADER = 14;
    private static final int ETHERNET_TYPE_OFFSET = 12;
    private static final int VLAN_TAG = 4;
    private static final int SLL_HEADER = 16;
    private static final int SLL_PROTOCOL_OFFSET = 14;
    private static final int SLL2_HEADER = 20;
    private static final int NULL_HEADER = 4;

    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int PROTOCOL_TCP = 6;
    private static final int IPV4_MORE_FRAGMENTS = 0x2000;
    private static final int IPV4_FRAGMENT_OFFSET_MASK = 0x1FFF;
    private static final int TCP_MIN_HEADER = 20;

    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final Map<Integer, Long> unsupportedLinkTypes = new TreeMap<>();
    private long lengthBeyondFrame;
    private String lastDamage;

    /** The packet's TCP segment, or null when it has none (the reason is counted). */
    public TcpSegment decode(CapturedPacket packet) {
        lastDamage = null;
        byte[] b = packet.data();
        int length = packet.capturedLength();
        // Bytes of the wire packet past what was captured: the IP length may rightly point there.
        int wireExtra = Math.max(0, packet.originalLength() - length);
        int ipStart;
        int version;
        switch (packet.linkType()) {
            case LinkType.ETHERNET -> {
                if (length < ETHERNET_HEADER) {
                    skip(SkipReason.TRUNCATED_HEADER);
                    return null;
                }
                int at = ETHERNET_TYPE_OFFSET;
                int type = u16(b, at);
                while (isVlanTag(type)) {
                    at += VLAN_TAG;
                    if (at + 2 > length) {
                        skip(SkipReason.TRUNCATED_HEADER);
                        return null;
                    }
                    type = u16(b, at);
                }
                ipStart = at + 2;
                if (type == ETHERTYPE_PPPOE_SESSION) {
                    if (ipStart + PPPOE_HEADER + 2 > length) {
                        skip(SkipReason.TRUNCATED_HEADER);
                        return null;
                    }
                    int protocol = u16(b, ipStart + PPPOE_HEADER);
                    ipStart += PPPOE_HEADER + 2;
                    type = protocol == PPP_IPV4 ? ETHERTYPE_IPV4 : protocol == PPP_IPV6 ? ETHERTYPE_IPV6 : 0;
                }
                version = versionOfEthertype(type);
            }
            case LinkType.LINUX_SLL, LinkType.LINUX_SLL2 -> {
                boolean sll2 = packet.linkType() == LinkType.LINUX_SLL2;
                int header = sll2 ? SLL2_HEADER : SLL_HEADER;
                if (length < header) {
                    skip(SkipReason.TRUNCATED_HEADER);
                    return null;
                }
                int type = u16(b, sll2 ? 0 : SLL_PROTOCOL_OFFSET);
                ipStart = header;
                while (isVlanTag(type)) {
                    if (ipStart + VLAN_TAG > length) {
                        skip(SkipReason.TRUNCATED_HEADER);
                        return null;
                    }
                    type = u16(b, ipStart + 2);
                    ipStart += VLAN_TAG;
                }
                version = versionOfEthertype(type);
            }
            case LinkType.NULL, LinkType.LOOP -> {
                if (length < NULL_HEADER) {
                    skip(SkipReason.TRUNCATED_HEADER);
                    return null;
                }
                long family = (b[3] & 0xFFL) << 24 | (b[2] & 0xFF) << 16 | (b[1] & 0xFF) << 8 | (b[0] & 0xFF);
                if (family > 0xFFFF) {
                    family = (b[0] & 0xFFL) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
                }
                ipStart = NULL_HEADER;
                version = family == 2 ? 4 : isIpv6Family(family) ? 6 : 0;
            }
            case LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14, LinkType.IPV4, LinkType.IPV6 -> {
                ipStart = 0;
                version = length > 0 ? (b[0] & 0xFF) >>> 4 : 0;
                if (length == 0) {
                    skip(SkipReason.TRUNCATED_HEADER);
                    return null;
                }
            }
            default -> {
                unsupportedLinkTypes.merge(packet.linkType(), 1L, Long::sum);
                skip(SkipReason.UNSUPPORTED_LINK_TYPE);
                return null;
            }
        }
        if (version == 4) {
            return decodeIpv4(packet, b, ipStart, length, wireExtra);
        }
        if (version == 6) {
            return decodeIpv6(packet, b, ipStart, length, wireExtra);
        }
        skip(SkipReason.NOT_IP);
        return null;
    }

    private TcpSegment decodeIpv4(CapturedPacket packet, byte[] b, int ip, int length, int wireExtra) {
        if (ip + IPV4_MIN_HEADER > length) {
            skip(SkipReason.TRUNCATED_HEADER);
            return null;
        }
        if ((b[ip] & 0xFF) >>> 4 != 4) {
            skip(SkipReason.MALFORMED_HEADER, "link layer says IPv4 but the IP version is " + ((b[ip] & 0xFF) >>> 4));
            return null;
        }
        int headerLength = (b[ip] & 0x0F) * 4;
        int totalLength = u16(b, ip + 2);
        if (headerLength < IPV4_MIN_HEADER) {
            skip(SkipReason.MALFORMED_HEADER, "IPv4 header length " + headerLength + " is less than 20");
            return null;
        }
        if (ip + headerLength > length) {
            skip(
                    SkipReason.TRUNCATED_HEADER,
                    "IPv4 header cut short: " + (length - ip) + " of " + headerLength + " bytes captured");
            return null;
        }
        if (totalLength == 0) {
            // Segmentation offload: the stack left the length for the NIC to fill in; the frame knows it.
            totalLength = length + wireExtra - ip;
        }
        if (totalLength < headerLength) {
            skip(
                    SkipReason.MALFORMED_HEADER,
                    "IPv4 total length " + totalLength + " is less than its header length " + headerLength);
            return null;
        }
        if (ip + totalLength > length + wireExtra) {
            // The IP length promises more than the frame had on the wire (a snap length cut is wireExtra, and
            // those bytes did exist): the header contradicts its frame. Like Wireshark, keep what the frame holds,
            // but reserve no sequence space for what it never held: later, intact packets may carry those bytes.
            totalLength = beyondFrame(totalLength, length + wireExtra - ip);
        }
        int fragment = u16(b, ip + 6);
        if ((fragment & IPV4_MORE_FRAGMENTS) != 0 || (fragment & IPV4_FRAGMENT_OFFSET_MASK) != 0) {
            skip(SkipReason.IP_FRAGMENT);
            return null;
        }
        if ((b[ip + 9] & 0xFF) != PROTOCOL_TCP) {
            skip(SkipReason.NOT_TCP);
            return null;
        }
        return decodeTcp(
                packet,
                b,
                ip + headerLength,
                ip + totalLength,
                length,
                reusedV4(u32(b, ip + 12)),
                reusedV4(u32(b, ip + 16)));
    }

    private IpAddress reusedV4(long value) {
        if (recentV4 != null && recentV4.isV4(value)) {
            return recentV4;
        }
        IpAddress address = otherRecentV4 != null && otherRecentV4.isV4(value) ? otherRecentV4 : IpAddress.v4(value);
        otherRecentV4 = recentV4;
        recentV4 = address;
        return address;
    }

    private TcpSegment decodeIpv6(CapturedPacket packet, byte[] b, int ip, int length, int wireExtra) {
        if (ip + IPV6_HEADER > length) {
            skip(SkipReason.TRUNCATED_HEADER);
            return null;
        }
        if ((b[ip] & 0xFF) >>> 4 != 6) {
            skip(SkipReason.MALFORMED_HEADER, "link layer says IPv6 but the IP version is " + ((b[ip] & 0xFF) >>> 4));
            return null;
        }
        int payloadLength = u16(b, ip + 4);
        int end = payloadLength == 0 ? length + wireExtra : ip + IPV6_HEADER + payloadLength;
        if (end > length + wireExtra) {
            end = ip + beyondFrame(end - ip, length + wireExtra - ip);
        }
        int next = b[ip + 6] & 0xFF;
        int at = ip + IPV6_HEADER;
        while (next != PROTOCOL_TCP) {
            int headerLength;
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination, mobility, HIP, shim6
                    if (at + 2 > length) {
                        skip(SkipReason.TRUNCATED_HEADER);
                        return null;
                    }
                    headerLength = ((b[at + 1] & 0xFF) + 1) * 8;
                }
                case 44 -> { // fragment: only an atomic fragment (offset 0, no more) is a whole segment
                    if (at + 8 > length) {
                        skip(SkipReason.TRUNCATED_HEADER);
                        return null;
                    }
                    if ((u16(b, at + 2) & 0xFFF9) != 0) {
                        skip(SkipReason.IP_FRAGMENT);
                        return null;
                    }
                    headerLength = 8;
                }
                case 51 -> { // authentication header counts in 4-byte units, less 2
                    if (at + 2 > length) {
                        skip(SkipReason.TRUNCATED_HEADER);
                        return null;
                    }
                    headerLength = ((b[at + 1] & 0xFF) + 2) * 4;
                }
                default -> {
                    skip(SkipReason.NOT_TCP);
                    return null;
                }
            }
            next = b[at] & 0xFF;
            at += headerLength;
            if (at > end) {
                skip(SkipReason.MALFORMED_HEADER, "IPv6 extension headers run past the payload length");
                return null;
            }
        }
        return decodeTcp(packet, b, at, end, length, IpAddress.v6(b, ip + 8), IpAddress.v6(b, ip + 24));
    }

    /**
     * @param tcp      where the TCP header starts
     * @param ipEnd    where the IP packet ends by its own length field (may lie beyond the captured bytes)
     * @param captured how many bytes of the frame were captured
     */
    private TcpSegment decodeTcp(
            CapturedPacket packet,
            byte[] b,
            int tcp,
            int ipEnd,
            int captured,
            IpAddress source,
            IpAddress destination) {
        if (tcp + TCP_MIN_HEADER > Math.min(ipEnd, captured)) {
            if (tcp + TCP_MIN_HEADER > ipEnd) {
                skip(
                        SkipReason.MALFORMED_HEADER,
                        "IP length leaves " + (ipEnd - tcp) + " bytes for a 20-byte TCP header");
            } else {
                skip(
                        SkipReason.TRUNCATED_HEADER,
                        "TCP header cut short: " + (captured - tcp) + " of 20 bytes captured");
            }
            return null;
        }
        int headerLength = ((b[tcp + 12] & 0xFF) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER) {
            skip(SkipReason.MALFORMED_HEADER, "TCP data offset " + headerLength + " bytes is less than 20");
            return null;
        }
        if (tcp + headerLength > ipEnd) {
            skip(SkipReason.MALFORMED_HEADER, "TCP header of " + headerLength + " bytes runs past the IP length");
            return null;
        }
        if (tcp + headerLength > captured) {
            skip(
                    SkipReason.TRUNCATED_HEADER,
                    "TCP header cut short: " + (captured - tcp) + " of " + headerLength + " bytes captured");
            return null;
        }
        int payloadStart = tcp + headerLength;
        int capturedEnd = Math.min(ipEnd, captured);
        return new TcpSegment(
                packet.frameNumber(),
                packet.timestampNanos(),
                new Endpoint(source, u16(b, tcp)),
                new Endpoint(destination, u16(b, tcp + 2)),
                u32(b, tcp + 4),
                u32(b, tcp + 8),
                b[tcp + 13] & 0x3F,
                b,
                payloadStart,
                capturedEnd - payloadStart,
                ipEnd - capturedEnd);
    }

    private static boolean isVlanTag(int ethertype) {
        return ethertype == ETHERTYPE_VLAN || ethertype == ETHERTYPE_QINQ || ethertype == ETHERTYPE_QINQ_OLD;
    }

    private static int versionOfEthertype(int ethertype) {
        return ethertype == ETHERTYPE_IPV4 ? 4 : ethertype == ETHERTYPE_IPV6 ? 6 : 0;
    }

    /** AF_INET6 differs by system: Linux 10, Windows 23, Net/OpenBSD 24, FreeBSD 28, macOS 30. */
    private static boolean isIpv6Family(long family) {
        return family == 10 || family == 23 || family == 24 || family == 28 || family == 30;
    }

    /** Counts a packet skipped for {@code reason}; the caller then returns null (no segment). */
    private void skip(SkipReason reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    /** A skip worth a line of its own: the header is damaged, and {@link #lastDamage()} says how. */
    private void skip(SkipReason reason, String damage) {
        lastDamage = damage;
        skip(reason);
    }

    /** Notes an IP length beyond the frame's length on the wire; returns the length the frame can hold. */
    private int beyondFrame(int claimed, int available) {
        lengthBeyondFrame++;
        lastDamage = "IP length " + claimed + " is beyond the " + available
                + " bytes of the frame; only the frame's bytes are used";
        return available;
    }

    /**
     * What was damaged in the packet last decoded, or null; cleared by the next {@link #decode}. Damage is a header
     * cut short or contradicting itself, not an ordinary skip such as a UDP packet.
     */
    public String lastDamage() {
        return lastDamage;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return (long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /** How many packets were skipped, by reason; reasons never met are absent. */
    public Map<SkipReason, Long> skipped() {
        return Map.copyOf(skipped);
    }

    /** Packets on link types this decoder does not know, by link type. */
    public Map<Integer, Long> unsupportedLinkTypes() {
        return Map.copyOf(unsupportedLinkTypes);
    }

    /** Packets whose IP length claims more bytes than the frame had on the wire (their frame's bytes are used). */
    public long lengthBeyondFrame() {
        return lengthBeyondFrame;
    }
}
