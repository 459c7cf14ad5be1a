package org.replaytcp.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a pcapng file: one section header, one interface (its link type, snap length and nanosecond
 * resolution), then an enhanced packet block per packet. Little-endian, as most writers do.
 */
public final class PcapngWriter implements Closeable {

    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int ENHANCED_PACKET = 6;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_END = 0;
    /** if_tsresol = 9: timestamps in nanoseconds. */
    private static final byte NANOSECONDS = 9;

    private final OutputStream out;
    private long packets;

    /** Creates (or replaces) {@code file} and writes its section and interface. */
    public PcapngWriter(Path file, int linkType, int snapLength) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        ByteBuffer shb = block(SECTION_HEADER, 16);
        shb.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
        write(shb);
        ByteBuffer idb = block(INTERFACE_DESCRIPTION, 8 + 8 + 4);
        idb.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        idb.putShort((short) OPTION_IF_TSRESOL)
                .putShort((short) 1)
                .put(NANOSECONDS)
                .put(new byte[3]);
        idb.putShort((short) OPTION_END).putShort((short) 0);
        write(idb);
    }

    /** One packet: capture time in nanoseconds since the epoch, the captured bytes, and its length on the wire. */
    public void write(long timestampNanos, byte[] data, int length, int originalLength) throws IOException {
        int padded = (length + 3) & ~3;
        ByteBuffer epb = block(ENHANCED_PACKET, 20 + padded);
        epb.putInt(0)
                .putInt((int) (timestampNanos >>> 32))
                .putInt((int) timestampNanos)
                .putInt(length)
                .putInt(Math.max(length, originalLength));
        epb.put(data, 0, length).put(new byte[padded - length]);
        write(epb);
        packets++;
    }

    /** Pushes what is buffered to the file, so a reader sees every packet written so far. */
    public void flush() throws IOException {
        out.flush();
    }

    public long packets() {
        return packets;
    }

    /** A block of {@code bodyLength} bytes: type and length written, positioned at the body. */
    private static ByteBuffer block(int type, int bodyLength) {
        int total = 12 + bodyLength;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(total);
        b.putInt(total - 4, total);
        return b;
    }

    private void write(ByteBuffer block) throws IOException {
        out.write(block.array());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
