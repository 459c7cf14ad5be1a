package org.replaytcp.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.CaptureFileBuilder;

/**
 * pcapng blocks at the edges of what the reader accepts, built by hand (little-endian): what it reads, and the
 * problem it reports at which offset. The section header is 28 bytes and an interface description without options
 * 24, so the first block after them starts at 52.
 */
class PcapngBlocksTest {

    private static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7, 8};

    @TempDir
    Path dir;

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An IDB body: link type 1, snap length, then the given options and an end-of-options. */
    private static byte[] interfaceBody(int snapLength, byte[] options) {
        return le(8 + options.length + 4)
                .putShort((short) 1)
                .putShort((short) 0)
                .putInt(snapLength)
                .put(options)
                .putInt(0)
                .array();
    }

    /** One option: code, length, value padded to 4 bytes. */
    private static byte[] option(int code, int length, byte[] value) {
        ByteBuffer b = le(4 + ((value.length + 3) & ~3));
        b.putShort((short) code).putShort((short) length).put(value);
        return b.array();
    }

    /** An EPB body with the given interface, timestamp, captured and original lengths, and data. */
    private static byte[] packetBody(int interfaceId, long units, int captured, int original, byte[] data) {
        return le(20 + data.length)
                .putInt(interfaceId)
                .putInt((int) (units >>> 32))
                .putInt((int) units)
                .putInt(captured)
                .putInt(original)
                .put(data)
                .array();
    }

    /** The packets read (nanos:captured/original), then the problems (offset what), a string each. */
    private List<String> read(CaptureFileBuilder file) throws IOException {
        List<String> seen = new ArrayList<>();
        try (CaptureReader reader = CaptureFiles.open(file.writeTo(dir.resolve("blocks.pcapng")))) {
            for (CapturedPacket p = reader.next(); p != null; p = reader.next()) {
                seen.add(p.timestampNanos() + ":" + p.capturedLength() + "/" + p.originalLength());
            }
            reader.problems().forEach(p -> seen.add(p.offset() + " " + p.what()));
        }
        return seen;
    }

    private static CaptureFileBuilder sectionWithInterface() {
        return CaptureFileBuilder.pcapng().section(false).block(1, interfaceBody(0, new byte[0]));
    }

    @Test
    void enhancedPacketBlocksAtTheirLimits() throws IOException {
        CaptureFileBuilder file = sectionWithInterface()
                .block(6, packetBody(0, 5, 8, 8, DATA)) // 52: the data exactly fills the block
                .block(6, packetBody(0, 6, 9, 9, DATA)) // 92: one byte more than the block holds
                .block(6, packetBody(1, 7, 8, 8, DATA)) // 132: there is no interface 1
                .block(6, new byte[16]) // 172: four bytes short of the fixed fields
                .block(6, packetBody(0, 8, 8, 2, DATA)); // 200: an original length below the captured one
        assertEquals(
                List.of(
                        "5000:8/8",
                        "8000:8/8",
                        "92 captured length 9 runs past the end of the block; block skipped",
                        "132 packet names interface 1 but the section describes 1; block skipped",
                        "172 packet block too short (16 bytes); block skipped"),
                read(file));
    }

    @Test
    void blockLengthsAtTheirLimits() throws IOException {
        byte[] tooShort = le(8).putInt(0x0BAD).putInt(8).array();
        assertEquals(
                List.of("5000:8/8", "104 block length 8 is shorter than 12"),
                read(sectionWithInterface()
                        .block(0x0BAD, new byte[0]) // 52: the smallest block there is, of a type not read
                        .block(6, packetBody(0, 5, 8, 8, DATA)) // 64
                        .raw(tooShort))); // 104
    }

    @Test
    void aBlockThatEndsExactlyAtTheEndOfTheFileIsWhole() throws IOException {
        assertEquals(List.of("5000:8/8"), read(sectionWithInterface().block(6, packetBody(0, 5, 8, 8, DATA))));
        byte[] cut = le(12).putInt(6).putInt(40).putInt(0).array(); // claims 40 bytes, 12 are there
        assertEquals(
                List.of("5000:8/8", "92 file ends inside the block (12 of 40 bytes)"),
                read(sectionWithInterface()
                        .block(6, packetBody(0, 5, 8, 8, DATA))
                        .raw(cut)));
    }

    @Test
    void interfaceOptionsSetResolutionAndOffset() throws IOException {
        byte[] nanosAndOffset = concat(
                option(9, 1, new byte[] {9}), option(14, 8, le(8).putLong(100).array()));
        byte[] shortOffset = concat(option(14, 7, new byte[7]), option(9, 1, new byte[] {3}));
        byte[] overrun = option(2, 200, new byte[4]);
        assertEquals(
                List.of(
                        "100000000005:8/8", // interface 0: nanoseconds, 100 s later
                        "5000000:8/8", // interface 1: a 7-byte if_tsoffset is no offset; milliseconds
                        "5000:8/8", // interface 2: its options unreadable, microseconds
                        "116 interface option 2 of length 200 runs past the end of the block"),
                read(CaptureFileBuilder.pcapng()
                        .section(false)
                        .block(1, interfaceBody(0, nanosAndOffset)) // 28: 44 bytes
                        .block(1, interfaceBody(0, shortOffset)) // 72: 44 bytes
                        .block(1, interfaceBody(0, overrun)) // 116
                        .block(6, packetBody(0, 5, 8, 8, DATA))
                        .block(6, packetBody(1, 5, 8, 8, DATA))
                        .block(6, packetBody(2, 5, 8, 8, DATA))));
    }

    @Test
    void damagedInterfaceAndSimplePacketBlocks() throws IOException {
        byte[] spb = le(12).putInt(8).put(DATA).array();
        assertEquals(
                List.of(
                        "28 simple packet block before any interface description; block skipped",
                        "52 interface description block too short; block skipped",
                        "68 simple packet block too short; block skipped"),
                read(CaptureFileBuilder.pcapng()
                        .section(false)
                        .block(3, spb) // 28: no interface yet
                        .block(1, new byte[4]) // 52: an interface description of 4 bytes
                        .block(3, new byte[0]))); // 68: not even the packet length
    }

    @Test
    void aSimplePacketIsCutToItsInterfacesSnapLength() throws IOException {
        byte[] spb = le(8).putInt(8).put(new byte[] {1, 2, 3, 4}).array();
        assertEquals(
                List.of("0:4/8"),
                read(CaptureFileBuilder.pcapng()
                        .section(false)
                        .block(1, interfaceBody(4, new byte[0]))
                        .block(3, spb)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
