package org.replaytcp.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replaytcp.packet.Endpoint;

/**
 * The packets made for a capture of what passed through a route, field by field against hand-written values
 * (sequence numbers start at 1000 for the client and 50000 for the server), and checksums verified the way a
 * receiver does (RFC 1071: the one's complement sum of the covered words, checksum included, is 0xFFFF).
 */
class SegmentSynthesizerTest {

    private static final Endpoint CLIENT4 = Endpoint.parse("10.0.0.1:40000");
    private static final Endpoint SERVER4 = Endpoint.parse("10.0.0.2:11000");
    private static final Endpoint CLIENT6 = Endpoint.parse("[2001:db8::1]:40000");
    private static final Endpoint SERVER6 = Endpoint.parse("[2001:db8::2]:11000");

    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    /** What a test reads back from one IPv4 or IPv6 packet. */
    private record Tcp(int sourcePort, int destinationPort, long seq, long ack, int flags, String payload) {}

    @Test
    void aConversationOverIpv4() {
        SegmentSynthesizer synthesizer = new SegmentSynthesizer();
        List<byte[]> packets = new ArrayList<>();
        packets.addAll(synthesizer.open(0, CLIENT4, SERVER4));
        assertEquals(List.of(), synthesizer.open(0, CLIENT4, SERVER4), "a handshake once");
        packets.addAll(synthesizer.data(0, CLIENT4, SERVER4, true, ascii("hello")));
        packets.addAll(synthesizer.data(0, CLIENT4, SERVER4, false, ascii("hi!")));
        packets.addAll(synthesizer.finish(0, CLIENT4, SERVER4, true));
        packets.addAll(synthesizer.finish(0, CLIENT4, SERVER4, false));
        List<Tcp> segments = packets.stream().map(SegmentSynthesizerTest::ipv4).toList();
        assertEquals(
                List.of(
                                new Tcp(40000, 11000, 1000, 0, SYN, ""),
                                new Tcp(11000, 40000, 50000, 1001, SYN | ACK, ""),
                                new Tcp(40000, 11000, 1001, 50001, ACK, ""),
                                new Tcp(40000, 11000, 1001, 50001, ACK | PSH, "hello"),
                                new Tcp(11000, 40000, 50001, 1006, ACK | PSH, "hi!"),
                                new Tcp(40000, 11000, 1006, 50004, ACK | FIN, ""),
                                new Tcp(11000, 40000, 50004, 1007, ACK | FIN, ""))
                        .toString(),
                segments.toString());
        assertEquals("hello", segments.get(3).payload());
    }

    @Test
    void dataOnAFirstSightBringsItsHandshakeAndAResetForgetsTheConnection() {
        SegmentSynthesizer synthesizer = new SegmentSynthesizer();
        List<byte[]> first = synthesizer.data(3, CLIENT4, SERVER4, false, ascii("greeting"));
        assertEquals(4, first.size());
        assertEquals(
                new Tcp(11000, 40000, 50001, 1001, ACK | PSH, "greeting").toString(),
                ipv4(first.get(3)).toString());
        List<byte[]> reset = synthesizer.reset(3, CLIENT4, SERVER4, true);
        assertEquals(
                List.of(new Tcp(40000, 11000, 1001, 50009, RST | ACK, "").toString()),
                reset.stream().map(p -> ipv4(p).toString()).toList());
        // Forgotten: the same index is a new connection, with a handshake of its own.
        assertEquals(3, synthesizer.open(3, CLIENT4, SERVER4).size());
    }

    @Test
    void aPayloadLargerThanOnePacketIsSplitAt65000Bytes() {
        byte[] payload = new byte[65_000 + 10];
        Arrays.fill(payload, 65_000, payload.length, (byte) 7);
        SegmentSynthesizer synthesizer = new SegmentSynthesizer();
        synthesizer.open(0, CLIENT4, SERVER4);
        List<Tcp> segments = synthesizer.data(0, CLIENT4, SERVER4, true, payload).stream()
                .map(SegmentSynthesizerTest::ipv4)
                .toList();
        assertEquals(2, segments.size());
        assertEquals(65_000, segments.get(0).payload().length());
        assertEquals(1001, segments.get(0).seq());
        assertEquals(66_001, segments.get(1).seq());
        assertEquals("\7".repeat(10), segments.get(1).payload());
    }

    @Test
    void aConversationOverIpv6() {
        SegmentSynthesizer synthesizer = new SegmentSynthesizer();
        List<byte[]> packets = synthesizer.data(0, CLIENT6, SERVER6, true, ascii("odd"));
        List<Tcp> segments = packets.stream().map(SegmentSynthesizerTest::ipv6).toList();
        assertEquals(
                List.of(
                                new Tcp(40000, 11000, 1000, 0, SYN, ""),
                                new Tcp(11000, 40000, 50000, 1001, SYN | ACK, ""),
                                new Tcp(40000, 11000, 1001, 50001, ACK, ""),
                                new Tcp(40000, 11000, 1001, 50001, ACK | PSH, "odd"))
                        .toString(),
                segments.toString());
    }

    /** Reads an IPv4 packet the way a receiver would, checking its version, lengths, addresses and checksums. */
    private static Tcp ipv4(byte[] packet) {
        ByteBuffer ip = ByteBuffer.wrap(packet);
        assertEquals(0x45, ip.get(0) & 0xFF, "IPv4, 20-byte header");
        assertEquals(packet.length, ip.getShort(2) & 0xFFFF, "total length");
        assertEquals(0x4000, ip.getShort(6) & 0xFFFF, "don't fragment");
        assertEquals(64, ip.get(8) & 0xFF, "TTL");
        assertEquals(6, ip.get(9), "TCP");
        assertArrayEquals(new byte[] {10, 0, 0, 1, 10, 0, 0, 2}, sortedAddresses(packet, 12, 4));
        assertEquals(0xFFFF, onesComplementSum(Arrays.copyOf(packet, 20)), "IPv4 header checksum");
        byte[] segment = Arrays.copyOfRange(packet, 20, packet.length);
        byte[] pseudo = ByteBuffer.allocate(12)
                .put(packet, 12, 8)
                .put((byte) 0)
                .put((byte) 6)
                .putShort((short) segment.length)
                .array();
        assertEquals(0xFFFF, onesComplementSum(concat(pseudo, segment)), "TCP checksum");
        return tcp(segment);
    }

    private static Tcp ipv6(byte[] packet) {
        ByteBuffer ip = ByteBuffer.wrap(packet);
        assertEquals(0x60000000, ip.getInt(0), "IPv6, no traffic class or flow label");
        assertEquals(packet.length - 40, ip.getShort(4) & 0xFFFF, "payload length");
        assertEquals(6, ip.get(6), "next header: TCP");
        assertEquals(64, ip.get(7) & 0xFF, "hop limit");
        byte[] segment = Arrays.copyOfRange(packet, 40, packet.length);
        byte[] pseudo = ByteBuffer.allocate(40)
                .put(packet, 8, 32)
                .putInt(segment.length)
                .putInt(6)
                .array();
        assertEquals(0xFFFF, onesComplementSum(concat(pseudo, segment)), "TCP checksum");
        return tcp(segment);
    }

    private static Tcp tcp(byte[] segment) {
        ByteBuffer tcp = ByteBuffer.wrap(segment);
        assertEquals(0x50, tcp.get(12) & 0xFF, "20-byte TCP header");
        assertEquals(65535, tcp.getShort(14) & 0xFFFF, "window");
        assertEquals(0, tcp.getShort(18), "urgent pointer");
        return new Tcp(
                tcp.getShort(0) & 0xFFFF,
                tcp.getShort(2) & 0xFFFF,
                tcp.getInt(4) & 0xFFFFFFFFL,
                tcp.getInt(8) & 0xFFFFFFFFL,
                tcp.get(13) & 0xFF,
                new String(segment, 20, segment.length - 20, StandardCharsets.ISO_8859_1));
    }

    /** Source and destination addresses, the lower first (which is which is the ports' business). */
    private static byte[] sortedAddresses(byte[] packet, int at, int size) {
        byte[] a = Arrays.copyOfRange(packet, at, at + size);
        byte[] b = Arrays.copyOfRange(packet, at + size, at + 2 * size);
        return Arrays.compare(a, b) <= 0 ? concat(a, b) : concat(b, a);
    }

    /** RFC 1071 end-around-carry sum of 16-bit big-endian words, an odd last byte padded with zero. */
    private static int onesComplementSum(byte[] bytes) {
        int sum = 0;
        for (int i = 0; i < bytes.length; i += 2) {
            int word = (bytes[i] & 0xFF) << 8 | (i + 1 < bytes.length ? bytes[i + 1] & 0xFF : 0);
            sum += word;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
