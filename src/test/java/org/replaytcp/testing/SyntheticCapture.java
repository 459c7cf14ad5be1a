package org.replaytcp.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes large Ethernet/IPv4 pcap files of sequential connections (SYN, SYN-ACK, ACK, data one way, FIN both
 * ways) straight to disk, for memory and speed checks. Every data byte is {@code (offset % 251)}, so the content
 * is known without keeping it.
 */
public final class SyntheticCapture {

    private SyntheticCapture() {}

    /**
     * @return the number of packets written
     */
    public static long write(Path file, int connections, long bytesPerConnection, int segmentSize) throws IOException {
        return write(file, connections, bytesPerConnection, segmentSize, false);
    }

    /**
     * @param serverSends the server sends the data (after the handshake), instead of the client
     * @return the number of packets written
     */
    public static long write(Path file, int connections, long bytesPerConnection, int segmentSize, boolean serverSends)
            throws IOException {
        long packets = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xA1B2C3D4)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putInt(0)
                    .putInt(0)
                    .putInt(262144)
                    .putInt(1);
            out.write(header.array());
            long micros = 1_700_000_000_000_000L;
            byte[] payload = new byte[segmentSize];
            for (int c = 0; c < connections; c++) {
                int clientPort = 40000 + c % 20000;
                long clientSeq = 1000;
                long serverSeq = 9000;
                packets += frame(out, micros++, clientPort, 11000, true, clientSeq, 0, 0x02, payload, 0);
                packets += frame(out, micros++, 11000, clientPort, false, serverSeq, clientSeq + 1, 0x12, payload, 0);
                packets +=
                        frame(out, micros++, clientPort, 11000, true, clientSeq + 1, serverSeq + 1, 0x10, payload, 0);
                long sent = 0;
                while (sent < bytesPerConnection) {
                    int length = (int) Math.min(segmentSize, bytesPerConnection - sent);
                    for (int i = 0; i < length; i++) {
                        payload[i] = (byte) ((sent + i) % 251);
                    }
                    packets += serverSends
                            ? frame(
                                    out,
                                    micros++,
                                    11000,
                                    clientPort,
                                    false,
                                    serverSeq + 1 + sent,
                                    clientSeq + 1,
                                    0x18,
                                    payload,
                                    length)
                            : frame(
                                    out,
                                    micros++,
                                    clientPort,
                                    11000,
                                    true,
                                    clientSeq + 1 + sent,
                                    serverSeq + 1,
                                    0x18,
                                    payload,
                                    length);
                    sent += length;
                }
                long clientFin = clientSeq + 1 + (serverSends ? 0 : sent);
                long serverFin = serverSeq + 1 + (serverSends ? sent : 0);
                packets += frame(out, micros++, clientPort, 11000, true, clientFin, serverFin, 0x11, payload, 0);
                packets += frame(out, micros++, 11000, clientPort, false, serverFin, clientFin + 1, 0x11, payload, 0);
                packets +=
                        frame(out, micros++, clientPort, 11000, true, clientFin + 1, serverFin + 1, 0x10, payload, 0);
            }
        }
        return packets;
    }

    private static int frame(
            OutputStream out,
            long micros,
            int sourcePort,
            int destinationPort,
            boolean fromClient,
            long seq,
            long ack,
            int flags,
            byte[] payload,
            int length)
            throws IOException {
        int frameLength = 14 + 20 + 20 + length;
        ByteBuffer b = ByteBuffer.allocate(16 + frameLength);
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) (micros / 1_000_000))
                .putInt((int) (micros % 1_000_000))
                .putInt(frameLength)
                .putInt(frameLength);
        b.order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[12]).putShort((short) 0x0800);
        b.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) (40 + length))
                .putInt(0x40000000)
                .put((byte) 64)
                .put((byte) 6)
                .putShort((short) 0);
        b.put(new byte[] {127, 0, 0, (byte) (fromClient ? 1 : 2)})
                .put(new byte[] {127, 0, 0, (byte) (fromClient ? 2 : 1)});
        b.putShort((short) sourcePort)
                .putShort((short) destinationPort)
                .putInt((int) seq)
                .putInt((int) ack)
                .put((byte) 0x50)
                .put((byte) flags)
                .putShort((short) 65535)
                .putInt(0);
        b.put(payload, 0, length);
        out.write(b.array());
        return 1;
    }
}
