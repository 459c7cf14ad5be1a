package org.replaytcp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.replaytcp.testing.Frames.ACK;
import static org.replaytcp.testing.Frames.PSH;
import static org.replaytcp.testing.Frames.ascii;
import static org.replaytcp.testing.Frames.concat;
import static org.replaytcp.testing.Frames.ethernet;
import static org.replaytcp.testing.Frames.extension;
import static org.replaytcp.testing.Frames.fragment;
import static org.replaytcp.testing.Frames.ipv4;
import static org.replaytcp.testing.Frames.ipv4Tcp;
import static org.replaytcp.testing.Frames.ipv6;
import static org.replaytcp.testing.Frames.loopback;
import static org.replaytcp.testing.Frames.sll;
import static org.replaytcp.testing.Frames.sll2;
import static org.replaytcp.testing.Frames.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replaytcp.capture.CapturedPacket;

/**
 * Every length check of the decoder at its boundary: a frame one byte short of a header is cut short, a frame that
 * holds it exactly goes on to the next check (and a different outcome shows that it did). The outcomes are written
 * by hand from the frames' layout: a segment as {@code tcp SRC>DST seq ack flags payload missing}, a skip as its
 * reason and, for damage, the line the decoder gives.
 */
class PacketDecoderBoundaryTest {

    private static final byte[] TCP = tcp(51000, 11000, 1000, 2000, ACK | PSH, ascii("hello"));
    private static final byte[] IPV4 = ipv4Tcp("127.0.0.1", "127.0.0.2", TCP); // 20 + 20 + 5 bytes
    private static final byte[] IPV6 = ipv6("::1", "2001:db8::7", 6, TCP); // 40 + 20 + 5 bytes
    private static final String OK4 = "tcp 127.0.0.1:51000>127.0.0.2:11000 seq=1000 ack=2000 flags=24 payload=hello";
    private static final String OK6 = "tcp [::1]:51000>[2001:db8::7]:11000 seq=1000 ack=2000 flags=24 payload=hello";
    private static final byte[] NOTHING = new byte[0];

    private final PacketDecoder decoder = new PacketDecoder();

    private String outcome(int linkType, byte[] frame) {
        return outcome(linkType, frame, frame.length);
    }

    /** What the decoder makes of {@code frame}: the segment, or the reason counted for skipping it. */
    private String outcome(int linkType, byte[] frame, int originalLength) {
        Map<SkipReason, Long> before = new HashMap<>(decoder.skipped());
        TcpSegment segment = decoder.decode(new CapturedPacket(1, 0, linkType, 5, frame, frame.length, originalLength));
        String damage = decoder.lastDamage() == null ? "" : ": " + decoder.lastDamage();
        if (segment != null) {
            String payload = new String(
                    segment.frame(), segment.payloadOffset(), segment.capturedPayload(), StandardCharsets.ISO_8859_1);
            return "tcp " + segment.source() + ">" + segment.destination() + " seq=" + segment.sequence() + " ack="
                    + segment.acknowledgment() + " flags=" + segment.flags() + " payload=" + payload
                    + (segment.missingPayload() == 0 ? "" : " missing=" + segment.missingPayload()) + damage;
        }
        for (Map.Entry<SkipReason, Long> counted : decoder.skipped().entrySet()) {
            if (!counted.getValue().equals(before.getOrDefault(counted.getKey(), 0L))) {
                return "skip " + counted.getKey() + damage;
            }
        }
        return "skipped without counting a reason";
    }

    private static byte[] cut(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }

    private static byte[] withBytes(byte[] frame, int at, int... values) {
        byte[] changed = frame.clone();
        for (int i = 0; i < values.length; i++) {
            changed[at + i] = (byte) values[i];
        }
        return changed;
    }

    @Test
    void ethernetAndItsTags() {
        assertEquals(OK4, outcome(LinkType.ETHERNET, ethernet(0x0800, IPV4)));
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.ETHERNET, cut(ethernet(0x0806, NOTHING), 13)));
        assertEquals("skip NOT_IP", outcome(LinkType.ETHERNET, ethernet(0x0806, NOTHING)));
        // A VLAN tag's inner type ends at byte 18.
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.ETHERNET, cut(ethernet(0x0806, NOTHING, 0x8100), 17)));
        assertEquals("skip NOT_IP", outcome(LinkType.ETHERNET, ethernet(0x0806, NOTHING, 0x8100)));
        assertEquals(OK4, outcome(LinkType.ETHERNET, ethernet(0x0800, IPV4, 0x88A8, 0x8100)));
        assertEquals(OK6, outcome(LinkType.ETHERNET, ethernet(0x86DD, IPV6, 0x9100)));
    }

    @Test
    void pppoeSessions() {
        byte[] session = {0x11, 0, 0, 1, 0, 0}; // version/type, code, session id, length (not used)
        assertEquals(OK4, outcome(LinkType.ETHERNET, ethernet(0x8864, concat(session, new byte[] {0, 0x21}, IPV4))));
        assertEquals(OK6, outcome(LinkType.ETHERNET, ethernet(0x8864, concat(session, new byte[] {0, 0x57}, IPV6))));
        byte[] lcp = ethernet(0x8864, concat(session, new byte[] {(byte) 0xC0, 0x21})); // 14 + 6 + 2 bytes
        assertEquals("skip NOT_IP", outcome(LinkType.ETHERNET, lcp));
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.ETHERNET, cut(lcp, 21)));
    }

    @Test
    void linuxCookedCaptures() {
        assertEquals(OK4, outcome(LinkType.LINUX_SLL, sll(0x0800, IPV4)));
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.LINUX_SLL, cut(sll(0x0806, NOTHING), 15)));
        assertEquals("skip NOT_IP", outcome(LinkType.LINUX_SLL, sll(0x0806, NOTHING)));
        // A VLAN tag after the cooked header: TCI, then the inner type at bytes 18-19.
        assertEquals(OK4, outcome(LinkType.LINUX_SLL, sll(0x8100, concat(new byte[] {0, 42, 0x08, 0x00}, IPV4))));
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.LINUX_SLL, sll(0x8100, new byte[] {0, 42, 0x08})));
        assertEquals("skip NOT_IP", outcome(LinkType.LINUX_SLL, sll(0x8100, new byte[] {0, 42, 0x08, 0x06})));
        assertEquals(OK6, outcome(LinkType.LINUX_SLL2, sll2(0x86DD, IPV6)));
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.LINUX_SLL2, cut(sll2(0x0806, NOTHING), 19)));
        assertEquals("skip NOT_IP", outcome(LinkType.LINUX_SLL2, sll2(0x0806, NOTHING)));
    }

    @Test
    void loopbackInEitherByteOrder() {
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.NULL, cut(loopback(2, false, NOTHING), 3)));
        assertEquals("skip NOT_IP", outcome(LinkType.NULL, loopback(99, false, NOTHING)));
        assertEquals(OK4, outcome(LinkType.NULL, loopback(2, false, IPV4)));
        assertEquals(OK4, outcome(LinkType.NULL, loopback(2, true, IPV4)));
        assertEquals(OK6, outcome(LinkType.LOOP, loopback(30, true, IPV6)));
        assertEquals(OK6, outcome(LinkType.NULL, loopback(10, false, IPV6)));
    }

    @Test
    void rawIpAndUnknownLinkTypes() {
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.RAW, NOTHING));
        assertEquals("skip NOT_IP", outcome(LinkType.RAW, new byte[] {0x10}));
        assertEquals(OK4, outcome(LinkType.RAW_12, IPV4));
        assertEquals(OK6, outcome(LinkType.RAW_14, IPV6));
        assertEquals(OK4, outcome(LinkType.IPV4, IPV4));
        assertEquals(OK6, outcome(LinkType.IPV6, IPV6));
        assertEquals("skip UNSUPPORTED_LINK_TYPE", outcome(147, IPV4));
        assertEquals(Map.of(147, 1L), decoder.unsupportedLinkTypes());
    }

    @Test
    void ipv4Headers() {
        assertEquals(
                "skip MALFORMED_HEADER: link layer says IPv4 but the IP version is 6",
                outcome(LinkType.ETHERNET, ethernet(0x0800, IPV6)));
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.RAW, cut(IPV4, 19)));
        // The 20-byte header whole: on to the TCP header, which the IP length (45, beyond the frame) cannot hold.
        assertEquals(
                "skip MALFORMED_HEADER: IP length leaves 0 bytes for a 20-byte TCP header",
                outcome(LinkType.RAW, cut(IPV4, 20)));
        byte[] withOptions = ipv4("127.0.0.1", "127.0.0.2", 6, new byte[4], TCP, 0x4000); // IHL 6: 24 bytes
        assertEquals(OK4, outcome(LinkType.RAW, withOptions));
        assertEquals(
                "skip TRUNCATED_HEADER: IPv4 header cut short: 23 of 24 bytes captured",
                outcome(LinkType.RAW, cut(withOptions, 23)));
        assertEquals(
                "skip MALFORMED_HEADER: IP length leaves 0 bytes for a 20-byte TCP header",
                outcome(LinkType.RAW, cut(withOptions, 24)));
        assertEquals(
                "skip MALFORMED_HEADER: IPv4 total length 19 is less than its header length 20",
                outcome(LinkType.RAW, withBytes(IPV4, 2, 0, 19)));
        assertEquals(
                "skip MALFORMED_HEADER: IP length leaves 0 bytes for a 20-byte TCP header",
                outcome(LinkType.RAW, withBytes(IPV4, 2, 0, 20)));
        assertEquals(
                "skip IP_FRAGMENT", outcome(LinkType.RAW, ipv4("127.0.0.1", "127.0.0.2", 6, NOTHING, TCP, 0x2000)));
        assertEquals(
                "skip IP_FRAGMENT", outcome(LinkType.RAW, ipv4("127.0.0.1", "127.0.0.2", 6, NOTHING, TCP, 0x0001)));
        assertEquals("skip NOT_TCP", outcome(LinkType.RAW, ipv4("127.0.0.1", "127.0.0.2", 17, NOTHING, TCP, 0)));
    }

    @Test
    void ipv6HeadersAndTheirExtensions() {
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.RAW, cut(IPV6, 39)));
        assertEquals(
                "skip MALFORMED_HEADER: link layer says IPv6 but the IP version is 4",
                outcome(LinkType.ETHERNET, ethernet(0x86DD, IPV4)));
        // Payload length 0 (a jumbogram, or offload): the frame gives the length.
        assertEquals(OK6, outcome(LinkType.RAW, withBytes(IPV6, 4, 0, 0)));
        assertEquals(
                "tcp [::1]:51000>[2001:db8::7]:11000 seq=1000 ack=2000 flags=24 payload=hello: IP length 140 is"
                        + " beyond the 65 bytes of the frame; only the frame's bytes are used",
                outcome(LinkType.RAW, withBytes(IPV6, 4, 0, 100)));
        assertEquals("skip NOT_TCP", outcome(LinkType.RAW, ipv6("::1", "2001:db8::7", 17, TCP)));
        assertEquals(OK6, outcome(LinkType.RAW, ipv6("::1", "2001:db8::7", 44, concat(fragment(6, 0, false), TCP))));
        assertEquals(
                "skip IP_FRAGMENT",
                outcome(LinkType.RAW, ipv6("::1", "2001:db8::7", 44, concat(fragment(6, 0, true), TCP))));
        assertEquals(
                "skip IP_FRAGMENT",
                outcome(LinkType.RAW, ipv6("::1", "2001:db8::7", 44, concat(fragment(6, 1, false), TCP))));
        byte[] authentication = {6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // (1 + 2) * 4 = 12 bytes
        assertEquals(OK6, outcome(LinkType.RAW, ipv6("::1", "2001:db8::7", 51, concat(authentication, TCP))));
        assertEquals(
                OK6,
                outcome(
                        LinkType.RAW,
                        ipv6(
                                "::1",
                                "2001:db8::7",
                                0,
                                concat(extension(60, 1), extension(43, 2), extension(6, 1), TCP))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 43, 60, 135, 139, 140})
    void everyOptionsStyleExtensionHeaderIsWalked(int kind) {
        assertEquals(OK6, outcome(LinkType.RAW, ipv6("::1", "2001:db8::7", kind, concat(extension(6, 2), TCP))));
    }

    @Test
    void ipv6ExtensionHeadersCutShortOrRunningPastThePayload() {
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.RAW, ipv6("::1", "::2", 0, new byte[] {6})));
        assertEquals(
                "skip MALFORMED_HEADER: IPv6 extension headers run past the payload length",
                outcome(LinkType.RAW, ipv6("::1", "::2", 0, new byte[] {6, 0})));
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.RAW, ipv6("::1", "::2", 44, new byte[7])));
        assertEquals(
                "skip MALFORMED_HEADER: IP length leaves 0 bytes for a 20-byte TCP header",
                outcome(LinkType.RAW, ipv6("::1", "::2", 44, fragment(6, 0, false))));
        assertEquals("skip TRUNCATED_HEADER", outcome(LinkType.RAW, ipv6("::1", "::2", 51, new byte[] {6})));
        assertEquals(
                "skip MALFORMED_HEADER: IPv6 extension headers run past the payload length",
                outcome(LinkType.RAW, ipv6("::1", "::2", 51, new byte[] {6, 0})));
    }

    @Test
    void tcpHeaders() {
        // Cut by the snap length one byte into the header's last byte (the wire had all 45).
        assertEquals(
                "skip TRUNCATED_HEADER: TCP header cut short: 19 of 20 bytes captured",
                outcome(LinkType.RAW, cut(IPV4, 39), 45));
        assertEquals(
                "skip MALFORMED_HEADER: IP length leaves 19 bytes for a 20-byte TCP header",
                outcome(LinkType.RAW, withBytes(IPV4, 2, 0, 39)));
        // Data offset 6: the first 4 payload bytes are options.
        assertEquals(
                "tcp 127.0.0.1:51000>127.0.0.2:11000 seq=1000 ack=2000 flags=24 payload=o",
                outcome(LinkType.RAW, withBytes(IPV4, 32, 0x60)));
        assertEquals(
                "skip MALFORMED_HEADER: TCP header of 60 bytes runs past the IP length",
                outcome(LinkType.RAW, withBytes(IPV4, 32, 0xF0)));
        assertEquals(
                "skip TRUNCATED_HEADER: TCP header cut short: 22 of 24 bytes captured",
                outcome(LinkType.RAW, cut(withBytes(IPV4, 32, 0x60), 42), 45));
        // Full 32-bit numbers, and only the six classic flag bits.
        byte[] extremes = ipv4Tcp("127.0.0.1", "127.0.0.2", tcp(65535, 1, 0xFFFFFFFFL, 0x80000000L, 0xFF, ascii("x")));
        assertEquals(
                "tcp 127.0.0.1:65535>127.0.0.2:1 seq=4294967295 ack=2147483648 flags=63 payload=x",
                outcome(LinkType.RAW, extremes));
    }
}
