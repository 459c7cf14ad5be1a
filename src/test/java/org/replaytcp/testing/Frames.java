package org.replaytcp.testing;

import java.io.ByteArrayOutputStream;
import org.replaytcp.packet.IpAddress;

/**
 * Builds packet bytes by hand for decoder tests: each header laid out field by field as its RFC draws it, so
 * a test's expectations come from the RFC, not from the decoder.
 */
public final class Frames {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private Frames() {}

    /** A 20-byte TCP header (data offset 5) followed by the payload. */
    public static byte[] tcp(
            int sourcePort, int destinationPort, long sequence, long acknowledgment, int flags, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, sourcePort);
        u16(out, destinationPort);
        u32(out, sequence);
        u32(out, acknowledgment);
        out.write(5 << 4);
        out.write(flags);
        u16(out, 65535);
        u16(out, 0);
        u16(out, 0);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** IPv4 header (with {@code options}, a multiple of 4 bytes) around a payload of the given protocol. */
    public static byte[] ipv4(
            String source, String destination, int protocol, byte[] options, byte[] payload, int flagsAndFragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int headerLength = 20 + options.length;
        out.write(0x40 | headerLength / 4);
        out.write(0);
        u16(out, headerLength + payload.length);
        u16(out, 0x1234);
        u16(out, flagsAndFragment);
        out.write(64);
        out.write(protocol);
        u16(out, 0);
        out.writeBytes(IpAddress.parse(source).toBytes());
        out.writeBytes(IpAddress.parse(destination).toBytes());
        out.writeBytes(options);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    public static byte[] ipv4Tcp(String source, String destination, byte[] tcp) {
        return ipv4(source, destination, 6, new byte[0], tcp, 0x4000);
    }

    /**
     * IPv6 header then {@code payload}; {@code nextHeader} names what follows the fixed header (6 for TCP, or
     * the first extension header when {@code payload} starts with extension headers).
     */
    public static byte[] ipv6(String source, String destination, int nextHeader, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u32(out, 0x60000000L);
        u16(out, payload.length);
        out.write(nextHeader);
        out.write(64);
        out.writeBytes(IpAddress.parse(source).toBytes());
        out.writeBytes(IpAddress.parse(destination).toBytes());
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /**
     * An options-style extension header (hop-by-hop 0, routing 43, destination options 60): next header, length
     * in 8-byte units not counting the first, then zero padding.
     */
    public static byte[] extension(int nextHeader, int eightByteUnits) {
        byte[] header = new byte[eightByteUnits * 8];
        header[0] = (byte) nextHeader;
        header[1] = (byte) (eightByteUnits - 1);
        return header;
    }

    /** An IPv6 fragment header: next header, reserved, offset (13 bits) + M flag, identification. */
    public static byte[] fragment(int nextHeader, int offsetUnits, boolean more) {
        byte[] header = new byte[8];
        header[0] = (byte) nextHeader;
        int field = offsetUnits << 3 | (more ? 1 : 0);
        header[2] = (byte) (field >> 8);
        header[3] = (byte) field;
        return header;
    }

    /** The arrays one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Ethernet II: destination, source, then each VLAN tag (TPID, TCI), then the ethertype. */
    public static byte[] ethernet(int ethertype, byte[] payload, int... tagTpids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        for (int tpid : tagTpids) {
            u16(out, tpid);
            u16(out, 42);
        }
        u16(out, ethertype);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Linux cooked v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
    public static byte[] sll(int protocol, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, 0);
        u16(out, 772);
        u16(out, 6);
        out.writeBytes(new byte[8]);
        u16(out, protocol);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8 address bytes. */
    public static byte[] sll2(int protocol, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, protocol);
        u16(out, 0);
        u32(out, 1);
        u16(out, 772);
        out.write(0);
        out.write(6);
        out.writeBytes(new byte[8]);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** NULL/LOOP: 4-byte address family in the given byte order. */
    public static byte[] loopback(int family, boolean bigEndian, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bigEndian) {
            u32(out, family);
        } else {
            out.write(family);
            out.write(family >> 8);
            out.write(family >> 16);
            out.write(family >> 24);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    public static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    static void u32(ByteArrayOutputStream out, long value) {
        out.write((int) (value >> 24));
        out.write((int) (value >> 16));
        out.write((int) (value >> 8));
        out.write((int) value);
    }
}
