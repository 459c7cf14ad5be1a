package org.replaytcp.capture;

import static org.replaytcp.capture.ByteOrderReading.u32;

import java.io.IOException;
import java.util.List;

/**
 * Reader of classic pcap files: microsecond and nanosecond magic numbers, either byte order, and the
 * "modified" (Kuznetzov) variant whose record headers carry 8 more bytes.
 *
 * <pre>
 * file header (24 bytes): magic(4) major(2) minor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
 * record header (16):     ts_sec(4) ts_frac(4) incl_len(4) orig_len(4)   then incl_len bytes of packet
 * </pre>
 */
final class PcapReader implements CaptureReader {

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int MAGIC_MODIFIED = 0xA1B2CD34;

    private static final int FILE_HEADER_LENGTH = 24;
    private static final int LINKTYPE_OFFSET = 20;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int MODIFIED_RECORD_EXTRA = 8;
    /** Bits 16-25 of the link-type field are reserved and must be zero; 26-31 describe an FCS. */
    private static final long LINKTYPE_RESERVED_MASK = 0x03FF0000L;

    private final CaptureInput input;
    private final boolean bigEndian;
    private final boolean nanos;
    private final int recordHeaderLength;
    private final int linkType;
    private final String description;
    private final byte[] header = new byte[RECORD_HEADER_LENGTH + MODIFIED_RECORD_EXTRA];
    private final ProblemLog problems = new ProblemLog();
    /** The packet bytes, reused from one packet to the next (it grows to the largest record). */
    private byte[] data = new byte[2048];

    private long frameNumber;
    private boolean ended;

    PcapReader(CaptureInput input) throws IOException {
        this.input = input;
        byte[] fileHeader = new byte[FILE_HEADER_LENGTH];
        int got = input.read(fileHeader, 0, FILE_HEADER_LENGTH);
        if (got < FILE_HEADER_LENGTH) {
            throw new CaptureFormatException(
                    input.file(),
                    0,
                    0,
                    "file ends inside the pcap file header (" + got + " of " + FILE_HEADER_LENGTH + " bytes)");
        }
        int magicBigEndian = (int) u32(fileHeader, 0, true);
        int magicLittleEndian = (int) u32(fileHeader, 0, false);
        int magic;
        if (isMagic(magicBigEndian)) {
            bigEndian = true;
            magic = magicBigEndian;
        } else if (isMagic(magicLittleEndian)) {
            bigEndian = false;
            magic = magicLittleEndian;
        } else {
            throw new CaptureFormatException(
                    input.file(), 0, 0, "not a pcap file: magic number 0x" + ByteOrderReading.hex(fileHeader, 0, 4));
        }
        nanos = magic == MAGIC_NANOS;
        recordHeaderLength =
                magic == MAGIC_MODIFIED ? RECORD_HEADER_LENGTH + MODIFIED_RECORD_EXTRA : RECORD_HEADER_LENGTH;
        int major = ByteOrderReading.u16(fileHeader, 4, bigEndian);
        int minor = ByteOrderReading.u16(fileHeader, 6, bigEndian);
        if (major != 2) {
            throw new CaptureFormatException(
                    input.file(), 0, 4, "unsupported pcap version " + major + "." + minor + " (only 2.x exists)");
        }
        long linkField = u32(fileHeader, LINKTYPE_OFFSET, bigEndian);
        if ((linkField & LINKTYPE_RESERVED_MASK) != 0) {
            throw new CaptureFormatException(
                    input.file(),
                    0,
                    LINKTYPE_OFFSET,
                    String.format("link-type field 0x%08x has reserved bits set", linkField));
        }
        linkType = (int) (linkField & 0xFFFF);
        description = "pcap (" + (nanos ? "ns" : "µs") + ", " + (bigEndian ? "big" : "little") + "-endian"
                + (magic == MAGIC_MODIFIED ? ", modified format" : "") + ")";
    }

    static boolean isMagic(int value) {
        return value == MAGIC_MICROS || value == MAGIC_NANOS || value == MAGIC_MODIFIED;
    }

    @Override
    public CapturedPacket next() throws IOException {
        if (ended) {
            return null;
        }
        long recordOffset = input.position();
        long record = frameNumber + 1;
        int got = input.read(header, 0, recordHeaderLength);
        if (got == 0) {
            ended = true;
            return null;
        }
        if (got < recordHeaderLength) {
            stop(
                    record,
                    recordOffset,
                    "file ends inside the record header (" + got + " of " + recordHeaderLength + " bytes)");
            return null;
        }
        long seconds = u32(header, 0, bigEndian);
        long fraction = u32(header, 4, bigEndian);
        long capturedLength = u32(header, 8, bigEndian);
        long originalLength = u32(header, 12, bigEndian);
        if (capturedLength > CaptureFiles.MAX_RECORD_LENGTH) {
            stop(
                    record,
                    recordOffset,
                    "captured length " + capturedLength + " is larger than " + CaptureFiles.MAX_RECORD_LENGTH
                            + " bytes: the file is corrupt");
            return null;
        }
        if (capturedLength > input.remaining()) {
            stop(
                    record,
                    recordOffset,
                    "file ends inside the packet data (" + input.remaining() + " of " + capturedLength + " bytes)");
            return null;
        }
        if (capturedLength > data.length) {
            data = new byte[(int) Math.max(capturedLength, Math.min(CaptureFiles.MAX_RECORD_LENGTH, 2L * data.length))];
        }
        input.read(data, 0, (int) capturedLength);
        frameNumber = record;
        long nanosSinceEpoch = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
        return new CapturedPacket(record, recordOffset, linkType, nanosSinceEpoch, data, (int) capturedLength, (int)
                Math.min(Integer.MAX_VALUE, Math.max(originalLength, capturedLength)));
    }

    /** Reports damage that ends the reading; the caller returns null. */
    private void stop(long record, long offset, String what) {
        problems.add(new CaptureProblem(input.file(), record, offset, what));
        ended = true;
    }

    @Override
    public List<CaptureProblem> problems() {
        return problems.kept();
    }

    @Override
    public String formatDescription() {
        return description;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
