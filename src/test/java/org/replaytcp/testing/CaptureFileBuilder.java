package org.replaytcp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes pcap and pcapng files field by field (per the pcap and pcapng specifications), in either byte order,
 * for reader tests.
 */
public final class CaptureFileBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    private CaptureFileBuilder(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    /** A classic pcap file header; {@code nanos} picks the 0xa1b23c4d magic. */
    public static CaptureFileBuilder pcap(boolean bigEndian, boolean nanos, int linkType) {
        CaptureFileBuilder b = new CaptureFileBuilder(bigEndian);
        b.u32(nanos ? 0xA1B23C4DL : 0xA1B2C3D4L);
        b.u16(2);
        b.u16(4);
        b.u32(0);
        b.u32(0);
        b.u32(262144);
        b.u32(linkType);
        return b;
    }

    /** A pcap record: seconds, fraction (µs or ns as the header says), lengths, data. */
    public CaptureFileBuilder record(long seconds, long fraction, byte[] data) {
        return record(seconds, fraction, data, data.length);
    }

    public CaptureFileBuilder record(long seconds, long fraction, byte[] data, int originalLength) {
        u32(seconds);
        u32(fraction);
        u32(data.length);
        u32(originalLength);
        out.writeBytes(data);
        return this;
    }

    /** An empty pcapng builder; add sections with {@link #section(boolean)}. */
    public static CaptureFileBuilder pcapng() {
        return new CaptureFileBuilder(false);
    }

    /** A section header block in the given byte order; later blocks use it too. */
    public CaptureFileBuilder section(boolean sectionBigEndian) {
        this.bigEndian = sectionBigEndian;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, 0x1A2B3C4DL, 4);
        write(body, 1, 2);
        write(body, 0, 2);
        write(body, -1L, 8);
        return block(0x0A0D0D0A, body.toByteArray());
    }

    /**
     * An interface description block.
     *
     * @param tsresol       the if_tsresol byte, or -1 to leave the option out (microseconds)
     * @param offsetSeconds if_tsoffset, or 0 to leave it out
     */
    public CaptureFileBuilder interfaceBlock(int linkType, int tsresol, long offsetSeconds) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, linkType, 2);
        write(body, 0, 2);
        write(body, 0, 4);
        if (tsresol >= 0) {
            write(body, 9, 2);
            write(body, 1, 2);
            body.write(tsresol);
            body.writeBytes(new byte[3]);
        }
        if (offsetSeconds != 0) {
            write(body, 14, 2);
            write(body, 8, 2);
            write(body, offsetSeconds, 8);
        }
        write(body, 0, 4);
        return block(1, body.toByteArray());
    }

    /** An enhanced packet block with a raw 64-bit timestamp in the interface's units. */
    public CaptureFileBuilder enhancedPacket(int interfaceId, long units, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, interfaceId, 4);
        write(body, units >>> 32, 4);
        write(body, units & 0xFFFFFFFFL, 4);
        write(body, data.length, 4);
        write(body, data.length, 4);
        body.writeBytes(data);
        body.writeBytes(new byte[(4 - data.length % 4) % 4]);
        return block(6, body.toByteArray());
    }

    /** A simple packet block (no interface, no timestamp). */
    public CaptureFileBuilder simplePacket(byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, data.length, 4);
        body.writeBytes(data);
        body.writeBytes(new byte[(4 - data.length % 4) % 4]);
        return block(3, body.toByteArray());
    }

    /** An obsolete packet block: 16-bit interface, 16-bit drops count, timestamp, lengths, data. */
    public CaptureFileBuilder obsoletePacket(int interfaceId, long units, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, interfaceId, 2);
        write(body, 0, 2);
        write(body, units >>> 32, 4);
        write(body, units & 0xFFFFFFFFL, 4);
        write(body, data.length, 4);
        write(body, data.length, 4);
        body.writeBytes(data);
        body.writeBytes(new byte[(4 - data.length % 4) % 4]);
        return block(2, body.toByteArray());
    }

    /** Any block: type, total length, body, total length. */
    public CaptureFileBuilder block(long type, byte[] body) {
        write(out, type, 4);
        write(out, body.length + 12, 4);
        out.writeBytes(body);
        write(out, body.length + 12, 4);
        return this;
    }

    /** Raw bytes, for damaged files. */
    public CaptureFileBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public Path writeTo(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private void u16(long value) {
        write(out, value, 2);
    }

    private void u32(long value) {
        write(out, value, 4);
    }

    private void write(ByteArrayOutputStream target, long value, int size) {
        for (int i = 0; i < size; i++) {
            int shift = bigEndian ? 8 * (size - 1 - i) : 8 * i;
            target.write((int) (value >>> shift));
        }
    }
}
