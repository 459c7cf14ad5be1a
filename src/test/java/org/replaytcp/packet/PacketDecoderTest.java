package org.replaytcp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replaytcp.capture.CapturedPacket;

class PacketDecoderTest {

    private static final byte[] HELLO = ascii("hello");
    private static final byte[] TCP = tcp(51000, 11000, 1000, 2000, ACK | PSH, HELLO);
    private static final byte[] IPV4 = ipv4Tcp("127.0.0.1", "127.0.0.2", TCP);
    private static final byte[] IPV6 = ipv6("::1", "2001:db8::7", 6, TCP);

    private final PacketDecoder decoder = new PacketDecoder();

    private TcpSegment decode(int linkType, byte[] frame) {
        return decoder.decode(new CapturedPacket(1, 0, linkType, 5, frame, frame.length, frame.length));
    }

    private static byte[] payloadOf(TcpSegment segment) {
        return Arrays.copyOfRange(
                segment.frame(), segment.payloadOffset(), segment.payloadOffset() + segment.capturedPayload());
    }

    private static void assertIpv4Segment(TcpSegment segment) {
        assertNotNull(segment);
        assertEquals("127.0.0.1:51000", segment.source().toString());
        assertEquals("127.0.0.2:11000", segment.destination().toString());
        assertEquals(1000, segment.sequence());
        assertEquals(2000, segment.acknowledgment());
        assertEquals(ACK | PSH, segment.flags());
        assertArrayEquals(HELLO, payloadOf(segment));
        assertEquals(0, segment.missingPayload());
    }

    @Test
    void addressesStayRightWhileTheDecoderReusesRecentOnes() {
        String[][] pairs = {
            {"10.0.0.1", "10.0.0.2"},
            {"10.0.0.2", "10.0.0.1"},
            {"10.0.0.1", "10.0.0.3"},
            {"10.0.0.3", "10.0.0.1"},
            {"10.0.0.2", "10.0.0.3"},
            {"10.0.0.4", "10.0.0.4"},
            {"10.0.0.1", "10.0.0.2"}
        };
        for (String[] pair : pairs) {
            TcpSegment segment = decode(LinkType.RAW, ipv4Tcp(pair[0], pair[1], TCP));
            assertEquals(pair[0] + ":51000", segment.source().toString());
            assertEquals(pair[1] + ":11000", segment.destination().toString());
        }
    }

    private static void assertIpv6Segment(TcpSegment segment) {
        assertNotNull(segment);
        assertEquals("[::1]:51000", segment.source().toString());
        assertEquals("[2001:db8::7]:11000", segment.destination().toString());
        assertArrayEquals(HELLO, payloadOf(segment));
    }

    @Test
    void decodesNullLoopbackLittleEndianIpv4AsNpcapWritesIt() {
        assertIpv4Segment(decode(LinkType.NULL, loopback(2, false, IPV4)));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 23, 24, 28, 30})
    void decodesEveryIpv6AddressFamilyInEitherByteOrder(int family) {
        assertIpv6Segment(decode(LinkType.NULL, loopback(family, false, IPV6)));
        assertIpv6Segment(decode(LinkType.NULL, loopback(family, true, IPV6)));
        assertIpv6Segment(decode(LinkType.LOOP, loopback(family, true, IPV6)));
    }

    @Test
    void decodesLoopInNetworkByteOrder() {
        assertIpv4Segment(decode(LinkType.LOOP, loopback(2, true, IPV4)));
    }

    @Test
    void decodesEthernetWithAndWithoutVlanTags() {
        assertIpv4Segment(decode(LinkType.ETHERNET, ethernet(0x0800, IPV4)));
        assertIpv4Segment(decode(LinkType.ETHERNET, ethernet(0x0800, IPV4, 0x8100)));
        assertIpv4Segment(decode(LinkType.ETHERNET, ethernet(0x0800, IPV4, 0x88A8, 0x8100)));
        assertIpv6Segment(decode(LinkType.ETHERNET, ethernet(0x86DD, IPV6, 0x8100)));
    }

    @Test
    void ignoresEthernetPaddingBeyondTheIpLength() {
        byte[] padded = concat(ethernet(0x0800, IPV4), new byte[] {0x55, 0x55, 0x55, 0x55});
        assertIpv4Segment(decode(LinkType.ETHERNET, padded));
    }

    @Test
    void decodesLinuxCookedCapturesV1AndV2() {
        assertIpv4Segment(decode(LinkType.LINUX_SLL, sll(0x0800, IPV4)));
        assertIpv6Segment(decode(LinkType.LINUX_SLL, sll(0x86DD, IPV6)));
        assertIpv4Segment(decode(LinkType.LINUX_SLL2, sll2(0x0800, IPV4)));
        assertIpv6Segment(decode(LinkType.LINUX_SLL2, sll2(0x86DD, IPV6)));
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14})
    void decodesRawIpOfEitherVersion(int linkType) {
        assertIpv4Segment(decode(linkType, IPV4));
        assertIpv6Segment(decode(linkType, IPV6));
    }

    @Test
    void decodesIpv4AndIpv6LinkTypes() {
        assertIpv4Segment(decode(LinkType.IPV4, IPV4));
        assertIpv6Segment(decode(LinkType.IPV6, IPV6));
    }

    @Test
    void skipsIpv4Options() {
        byte[] options = {1, 1, 1, 0}; // NOP, NOP, NOP, end of options list
        assertIpv4Segment(decode(LinkType.RAW, ipv4("127.0.0.1", "127.0.0.2", 6, options, TCP, 0)));
    }

    @Test
    void walksIpv6ExtensionHeaders() {
        // hop-by-hop (0) -> routing (43) -> destination options (60) -> atomic fragment (44) -> TCP
        byte[] chain = concat(extension(43, 1), extension(60, 2), extension(44, 1), fragment(6, 0, false), TCP);
        assertIpv6Segment(decode(LinkType.RAW, ipv6("::1", "2001:db8::7", 0, chain)));
    }

    @Test
    void countsIpFragmentsWithoutDecodingThem() {
        assertNull(decode(LinkType.RAW, ipv4("127.0.0.1", "127.0.0.2", 6, new byte[0], TCP, 0x2000)));
        assertNull(decode(LinkType.RAW, ipv4("127.0.0.1", "127.0.0.2", 6, new byte[0], TCP, 0x0010)));
        assertNull(decode(LinkType.RAW, ipv6("::1", "::2", 44, concat(fragment(6, 0, true), TCP))));
        assertEquals(Map.of(SkipReason.IP_FRAGMENT, 3L), decoder.skipped());
    }

    @Test
    void countsWhatIsNotTcp() {
        assertNull(decode(LinkType.RAW, ipv4("127.0.0.1", "127.0.0.2", 17, new byte[0], new byte[8], 0)));
        assertNull(decode(LinkType.ETHERNET, ethernet(0x0806, new byte[28])));
        assertNull(decode(147, IPV4));
        assertNull(decode(LinkType.NULL, loopback(7, false, IPV4)));
        assertEquals(
                Map.of(SkipReason.NOT_TCP, 1L, SkipReason.NOT_IP, 2L, SkipReason.UNSUPPORTED_LINK_TYPE, 1L),
                decoder.skipped());
        assertEquals(Map.of(147, 1L), decoder.unsupportedLinkTypes());
    }

    @Test
    void rejectsHeadersThatContradictThemselves() {
        byte[] badIhl = IPV4.clone();
        badIhl[0] = 0x44; // IHL 4 words = 16 bytes < 20
        assertNull(decode(LinkType.RAW, badIhl));
        assertEquals("IPv4 header length 16 is less than 20", decoder.lastDamage());
        byte[] badDataOffset = IPV4.clone();
        badDataOffset[20 + 12] = 0x40; // TCP data offset 4 words < 5
        assertNull(decode(LinkType.RAW, badDataOffset));
        assertEquals("TCP data offset 16 bytes is less than 20", decoder.lastDamage());
        assertEquals(Map.of(SkipReason.MALFORMED_HEADER, 2L), decoder.skipped());
    }

    @Test
    void countsHeadersCutShortByTheCapture() {
        byte[] cut = Arrays.copyOf(IPV4, 30); // IP header whole, TCP header cut after 10 bytes
        TcpSegment segment = decoder.decode(new CapturedPacket(1, 0, LinkType.RAW, 0, cut, cut.length, IPV4.length));
        assertNull(segment);
        assertEquals("TCP header cut short: 10 of 20 bytes captured", decoder.lastDamage());
        assertEquals(Map.of(SkipReason.TRUNCATED_HEADER, 1L), decoder.skipped());
    }

    @Test
    void reportsPayloadCutBySnapLengthAsMissing() {
        byte[] cut = Arrays.copyOf(IPV4, 42); // 20 IP + 20 TCP + 2 of the 5 payload bytes
        TcpSegment segment = decoder.decode(new CapturedPacket(1, 0, LinkType.RAW, 0, cut, cut.length, IPV4.length));
        assertNotNull(segment);
        assertEquals(2, segment.capturedPayload());
        assertEquals(3, segment.missingPayload());
    }

    @Test
    void keepsWhatAFrameHoldsButReservesNothingBeyondItWhenTheIpLengthClaimsMore() {
        byte[] shortFrame = Arrays.copyOf(IPV4, 42); // captured whole (caplen = origlen) yet 3 bytes short
        TcpSegment segment = decode(LinkType.RAW, shortFrame);
        assertNotNull(segment);
        assertEquals(2, segment.capturedPayload());
        // Not missing: the frame never had them on the wire (a snap length cut would have).
        assertEquals(0, segment.missingPayload());
        assertEquals(
                "IP length 45 is beyond the 42 bytes of the frame; only the frame's bytes are used",
                decoder.lastDamage());
        assertEquals(1, decoder.lengthBeyondFrame());
    }

    @Test
    void saysNothingOfOrdinarySkips() {
        assertNull(decode(LinkType.RAW, ipv4("127.0.0.1", "127.0.0.2", 17, new byte[0], new byte[8], 0)));
        assertNull(decoder.lastDamage());
    }

    @Test
    void takesTheLengthFromTheFrameWhenOffloadLeftTheIpLengthZero() {
        byte[] offloaded = IPV4.clone();
        offloaded[2] = 0;
        offloaded[3] = 0;
        assertIpv4Segment(decode(LinkType.RAW, offloaded));
    }
}
