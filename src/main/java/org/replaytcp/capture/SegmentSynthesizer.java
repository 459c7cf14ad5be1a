package org.replaytcp.capture;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.packet.LinkType;

/**
 * Makes the packets of TCP connections from their payloads alone, for writing a capture of what passed through a
 * route: raw IP (link type {@link LinkType#RAW}), IPv4 or IPv6 as the endpoints are, with a handshake when a
 * connection is first seen, sequence numbers that run on per direction, and correct checksums, so Wireshark and
 * this tool read it as the conversation it was.
 */
public final class SegmentSynthesizer {

    /** The largest payload put in one packet (fits the 16-bit IP length with headers). */
    public static final int MAX_PAYLOAD = 65_000;

    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    /** Sequence numbers of one connection, each direction's next byte. */
    private static final class Connection {
        final Endpoint client;
        final Endpoint server;
        long clientNext = 1_000;
        long serverNext = 50_000;

        Connection(Endpoint client, Endpoint server) {
            this.client = client;
            this.server = server;
        }
    }

    private final Map<Integer, Connection> connections = new HashMap<>();

    /**
     * The three-way handshake of connection {@code index} if it has not been seen yet (SYN, SYN-ACK, ACK), else
     * nothing. Call it where the connection opened, so the handshake carries that time; the other methods add it
     * themselves on a first sight.
     */
    public List<byte[]> open(int index, Endpoint client, Endpoint server) {
        List<byte[]> packets = new ArrayList<>();
        connection(index, client, server, packets);
        return packets;
    }

    /**
     * The packets for payload sent by one side of connection {@code index}; a first sight of the connection adds
     * its three-way handshake first.
     */
    public List<byte[]> data(int index, Endpoint client, Endpoint server, boolean fromClient, byte[] payload) {
        List<byte[]> packets = new ArrayList<>();
        Connection c = connection(index, client, server, packets);
        for (int from = 0; from < payload.length; from += MAX_PAYLOAD) {
            int length = Math.min(MAX_PAYLOAD, payload.length - from);
            packets.add(segment(c, fromClient, ACK | PSH, payload, from, length));
            advance(c, fromClient, length);
        }
        return packets;
    }

    /** A FIN from one side. */
    public List<byte[]> finish(int index, Endpoint client, Endpoint server, boolean fromClient) {
        List<byte[]> packets = new ArrayList<>();
        Connection c = connection(index, client, server, packets);
        packets.add(segment(c, fromClient, ACK | FIN, new byte[0], 0, 0));
        advance(c, fromClient, 1);
        return packets;
    }

    /** A RST from one side; the connection is forgotten. */
    public List<byte[]> reset(int index, Endpoint client, Endpoint server, boolean fromClient) {
        List<byte[]> packets = new ArrayList<>();
        Connection c = connection(index, client, server, packets);
        packets.add(segment(c, fromClient, RST | ACK, new byte[0], 0, 0));
        connections.remove(index);
        return packets;
    }

    private Connection connection(int index, Endpoint client, Endpoint server, List<byte[]> packets) {
        Connection c = connections.get(index);
        if (c == null) {
            c = new Connection(client, server);
            connections.put(index, c);
            // SYN, SYN-ACK, ACK: each SYN takes one sequence number.
            packets.add(segment(c, true, SYN, new byte[0], 0, 0));
            advance(c, true, 1);
            packets.add(segment(c, false, SYN | ACK, new byte[0], 0, 0));
            advance(c, false, 1);
            packets.add(segment(c, true, ACK, new byte[0], 0, 0));
        }
        return c;
    }

    private static void advance(Connection c, boolean fromClient, long bytes) {
        if (fromClient) {
            c.clientNext = (c.clientNext + bytes) & 0xFFFF_FFFFL;
        } else {
            c.serverNext = (c.serverNext + bytes) & 0xFFFF_FFFFL;
        }
    }

    private static byte[] segment(Connection c, boolean fromClient, int flags, byte[] payload, int from, int length) {
        Endpoint source = fromClient ? c.client : c.server;
        Endpoint destination = fromClient ? c.server : c.client;
        long sequence = fromClient ? c.clientNext : c.serverNext;
        long acknowledgment = (flags & SYN) != 0 && (flags & ACK) == 0 ? 0 : fromClient ? c.serverNext : c.clientNext;
        ByteBuffer tcp = ByteBuffer.allocate(20 + length);
        tcp.putShort((short) source.port())
                .putShort((short) destination.port())
                .putInt((int) sequence)
                .putInt((int) acknowledgment)
                .put((byte) 0x50)
                .put((byte) flags)
                .putShort((short) 65535)
                .putShort((short) 0)
                .putShort((short) 0)
                .put(payload, from, length);
        byte[] src = source.address().toBytes();
        byte[] dst = destination.address().toBytes();
        byte[] segment = tcp.array();
        int checksum = checksum(pseudoHeader(src, dst, segment.length), segment);
        segment[16] = (byte) (checksum >>> 8);
        segment[17] = (byte) checksum;
        return src.length == 4 ? ipv4(src, dst, segment) : ipv6(src, dst, segment);
    }

    private static byte[] ipv4(byte[] src, byte[] dst, byte[] segment) {
        ByteBuffer ip = ByteBuffer.allocate(20 + segment.length);
        ip.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) (20 + segment.length))
                .putShort((short) 0)
                .putShort((short) 0x4000)
                .put((byte) 64)
                .put((byte) 6)
                .putShort((short) 0)
                .put(src)
                .put(dst);
        byte[] packet = ip.put(segment).array();
        int checksum = checksum(new byte[0], java.util.Arrays.copyOf(packet, 20));
        packet[10] = (byte) (checksum >>> 8);
        packet[11] = (byte) checksum;
        return packet;
    }

    private static byte[] ipv6(byte[] src, byte[] dst, byte[] segment) {
        ByteBuffer ip = ByteBuffer.allocate(40 + segment.length);
        ip.putInt(0x60000000)
                .putShort((short) segment.length)
                .put((byte) 6)
                .put((byte) 64)
                .put(src)
                .put(dst);
        return ip.put(segment).array();
    }

    /** The TCP pseudo header: addresses, zero, protocol 6, TCP length (RFC 793 / RFC 8200 8.1). */
    private static byte[] pseudoHeader(byte[] src, byte[] dst, int tcpLength) {
        ByteBuffer pseudo = ByteBuffer.allocate(src.length * 2 + (src.length == 4 ? 4 : 8));
        pseudo.put(src).put(dst);
        if (src.length == 4) {
            pseudo.put((byte) 0).put((byte) 6).putShort((short) tcpLength);
        } else {
            pseudo.putInt(tcpLength).putInt(6);
        }
        return pseudo.array();
    }

    /** The Internet checksum (RFC 1071) of two byte runs taken as one. */
    private static int checksum(byte[] first, byte[] second) {
        long sum = 0;
        byte[][] parts = {first, second};
        int pending = -1;
        for (byte[] part : parts) {
            for (byte b : part) {
                if (pending < 0) {
                    pending = b & 0xFF;
                } else {
                    sum += pending << 8 | (b & 0xFF);
                    pending = -1;
                }
            }
        }
        if (pending >= 0) {
            sum += pending << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
