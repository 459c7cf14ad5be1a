package org.replaytcp.capture;

import static org.replaytcp.capture.ByteOrderReading.u16;
import static org.replaytcp.capture.ByteOrderReading.u32;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reader of pcapng files: any number of sections, each in its own byte order, each with its own interfaces
 * (link type, snap length, {@code if_tsresol}, {@code if_tsoffset}); packets from enhanced, simple and
 * obsolete packet blocks; every other block type skipped by its length.
 *
 * <pre>
 * block: type(4) total_length(4) body(total_length - 12) total_length(4)
 * SHB body: byte_order_magic(4) major(2) minor(2) section_length(8) options
 * IDB body: linktype(2) reserved(2) snaplen(4) options
 * EPB body: interface(4) ts_high(4) ts_low(4) captured(4) original(4) data(padded to 4) options
 * SPB body: original(4) data
 * OPB body: interface(2) drops(2) ts_high(4) ts_low(4) captured(4) original(4) data options
 * </pre>
 */
final class PcapngReader implements CaptureReader {

    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    private static final int OBSOLETE_PACKET_BLOCK = 2;
    private static final int SIMPLE_PACKET_BLOCK = 3;
    private static final int ENHANCED_PACKET_BLOCK = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int MIN_BLOCK_LENGTH = 12;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;
    /** Section header options up to this size are checked; beyond it (never seen in practice) skipped unread. */
    private static final int MAX_CHECKED_SECTION_OPTIONS = 65_536;

    /** What a section says about one of its interfaces. */
    private record Interface(int linkType, long snapLength, TimestampResolution resolution, long offsetSeconds) {}

    private final CaptureInput input;
    private final ProblemLog problems = new ProblemLog();
    private final List<Interface> interfaces = new ArrayList<>();
    private final byte[] blockHeader = new byte[12];
    private boolean bigEndian;
    private boolean ended;
    private long blockNumber;
    private long frameNumber;
    private long lastTimestamp;
    private int sections;
    private boolean warnedOutOfRange;

    PcapngReader(CaptureInput input) throws IOException {
        this.input = input;
        int got = input.read(blockHeader, 0, 12);
        if (got < 12 || (int) u32(blockHeader, 0, true) != SECTION_HEADER_BLOCK) {
            throw new CaptureFormatException(
                    input.file(),
                    0,
                    0,
                    got < 12
                            ? "file ends inside the first pcapng block (" + got + " bytes)"
                            : "not a pcapng file: first block type 0x" + ByteOrderReading.hex(blockHeader, 0, 4));
        }
        blockNumber = 1;
        long length = startSection(0);
        readSectionHeaderBody(0, length, true);
    }

    @Override
    public CapturedPacket next() throws IOException {
        while (!ended) {
            CapturedPacket packet = readBlock();
            if (packet != null) {
                return packet;
            }
        }
        return null;
    }

    private CapturedPacket readBlock() throws IOException {
        long offset = input.position();
        int got = input.read(blockHeader, 0, 8);
        if (got == 0) {
            ended = true;
            return null;
        }
        blockNumber++;
        if (got < 8) {
            stop(offset, "file ends inside a block header (" + got + " of 8 bytes)");
            return null;
        }
        if ((int) u32(blockHeader, 0, true) == SECTION_HEADER_BLOCK) {
            if (input.read(blockHeader, 8, 4) < 4) {
                stop(offset, "file ends inside a section header block");
                return null;
            }
            try {
                long length = startSection(offset);
                readSectionHeaderBody(offset, length, false);
            } catch (CaptureFormatException e) {
                problems.add(e.problem());
                ended = true;
            }
            return null;
        }
        long type = u32(blockHeader, 0, bigEndian);
        long length = u32(blockHeader, 4, bigEndian);
        String wrong = checkLength(length, 8);
        if (wrong != null) {
            stop(offset, wrong);
            return null;
        }
        int bodyLength = (int) length - MIN_BLOCK_LENGTH;
        if (type != ENHANCED_PACKET_BLOCK
                && type != SIMPLE_PACKET_BLOCK
                && type != OBSOLETE_PACKET_BLOCK
                && type != INTERFACE_DESCRIPTION_BLOCK) {
            input.skip(bodyLength);
            if (!checkTrailer(offset, length)) {
                stop(offset, trailerMismatch);
            }
            return null;
        }
        byte[] body = new byte[bodyLength];
        input.read(body, 0, bodyLength);
        if (!checkTrailer(offset, length)) {
            stop(offset, trailerMismatch);
            return null;
        }
        if (type == INTERFACE_DESCRIPTION_BLOCK) {
            readInterface(offset, body);
            return null;
        }
        return readPacket(offset, (int) type, body);
    }

    /** Reads the byte-order magic and length of a section header block whose first 12 bytes are read. */
    private long startSection(long offset) throws CaptureFormatException {
        long magicBig = u32(blockHeader, 8, true);
        long magicLittle = u32(blockHeader, 8, false);
        if (magicBig == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (magicLittle == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(
                    input.file(),
                    blockNumber,
                    offset,
                    "section header with unknown byte-order magic 0x" + ByteOrderReading.hex(blockHeader, 8, 4));
        }
        long length = u32(blockHeader, 4, bigEndian);
        String wrong = checkLength(length, 12);
        if (wrong != null || length < 28) {
            throw new CaptureFormatException(
                    input.file(),
                    blockNumber,
                    offset,
                    wrong != null ? wrong : "section header block length " + length + " is shorter than 28");
        }
        return length;
    }

    private void readSectionHeaderBody(long offset, long length, boolean first) throws IOException {
        byte[] version = new byte[4];
        input.read(version, 0, 4);
        int major = u16(version, 0, bigEndian);
        int minor = u16(version, 2, bigEndian);
        if (major != 1) {
            throw new CaptureFormatException(
                    input.file(), blockNumber, offset, "unsupported pcapng version " + major + "." + minor);
        }
        long rest = length - 16 - 4; // the section length (8 bytes), then options
        if (rest <= MAX_CHECKED_SECTION_OPTIONS) {
            byte[] body = new byte[(int) rest];
            input.read(body, 0, body.length);
            String options = optionsProblem(body, 8);
            if (options != null) {
                // Only comments and names live there: the section's packets still read.
                problems.add(new CaptureProblem(
                        input.file(), blockNumber, offset, "section header: " + options + "; options ignored"));
            }
        } else {
            input.skip(rest);
        }
        if (!checkTrailer(offset, length)) {
            throw new CaptureFormatException(input.file(), blockNumber, offset, trailerMismatch);
        }
        interfaces.clear();
        sections++;
    }

    private String trailerMismatch;

    private boolean checkTrailer(long offset, long length) throws IOException {
        byte[] trailer = new byte[4];
        if (input.read(trailer, 0, 4) < 4) {
            trailerMismatch =
                    "file ends inside the block (" + (input.position() - offset) + " of " + length + " bytes)";
            return false;
        }
        long trailing = u32(trailer, 0, bigEndian);
        if (trailing != length) {
            trailerMismatch = "block length " + length + " at the start but " + trailing + " at the end";
            return false;
        }
        return true;
    }

    /** Why a block length read from the file cannot be right, or null; {@code read} bytes of it are read. */
    private String checkLength(long length, int read) {
        if (length < MIN_BLOCK_LENGTH || length % 4 != 0) {
            return "block length " + length + " is "
                    + (length < MIN_BLOCK_LENGTH ? "shorter than 12" : "not a multiple of 4");
        }
        if (length > CaptureFiles.MAX_RECORD_LENGTH) {
            return "block length " + length + " is larger than " + CaptureFiles.MAX_RECORD_LENGTH + " bytes";
        }
        long available = input.remaining() + read;
        if (length > available) {
            return "file ends inside the block (" + available + " of " + length + " bytes)";
        }
        return null;
    }

    private void readInterface(long offset, byte[] body) {
        if (body.length < 8) {
            skipBlock(offset, "interface description block too short");
            return;
        }
        int linkType = u16(body, 0, bigEndian);
        long snapLength = u32(body, 4, bigEndian);
        InterfaceOptions options = new InterfaceOptions();
        String damage = walkOptions(body, 8, options);
        if (damage != null) {
            problems.add(new CaptureProblem(input.file(), blockNumber, offset, "interface " + damage));
        }
        interfaces.add(new Interface(linkType, snapLength, options.resolution, options.offsetSeconds));
    }

    private CapturedPacket readPacket(long offset, int type, byte[] body) {
        int interfaceId;
        long timestamp;
        int dataStart;
        long captured;
        long original;
        if (type == SIMPLE_PACKET_BLOCK) {
            if (body.length < 4 || interfaces.isEmpty()) {
                skipBlock(
                        offset,
                        body.length < 4
                                ? "simple packet block too short"
                                : "simple packet block before any interface description");
                return null;
            }
            interfaceId = 0;
            original = u32(body, 0, bigEndian);
            dataStart = 4;
            long snap = interfaces.get(0).snapLength();
            captured = snap > 0 ? Math.min(original, snap) : original;
            if (((captured + 3) & ~3L) != body.length - 4L) {
                // The block holds exactly the captured bytes, padded: anything else is a damaged length or type.
                skipBlock(
                        offset,
                        "simple packet block with " + (body.length - 4) + " bytes of data for a packet of " + original
                                + " bytes (snap length " + snap + ")");
                return null;
            }
            timestamp = lastTimestamp; // SPBs carry no time: keep the previous packet's so time never goes back
        } else {
            int fixed = 20;
            if (body.length < fixed) {
                skipBlock(offset, "packet block too short (" + body.length + " bytes)");
                return null;
            }
            interfaceId = type == OBSOLETE_PACKET_BLOCK ? u16(body, 0, bigEndian) : (int) u32(body, 0, bigEndian);
            long units = u32(body, 4, bigEndian) << 32 | u32(body, 8, bigEndian);
            captured = u32(body, 12, bigEndian);
            original = u32(body, 16, bigEndian);
            dataStart = fixed;
            if (interfaceId < 0 || interfaceId >= interfaces.size()) {
                skipBlock(
                        offset,
                        "packet names interface " + interfaceId + " but the section describes " + interfaces.size());
                return null;
            }
            if (captured > body.length - fixed) {
                skipBlock(offset, "captured length " + captured + " runs past the end of the block");
                return null;
            }
            String options = optionsProblem(body, fixed + (((int) captured + 3) & ~3));
            if (options != null) {
                // What follows the data must be options: if not, the captured length (or the block) is damaged,
                // and the bytes taken as the packet cannot be trusted (tshark refuses such a file).
                skipBlock(offset, options + " after " + captured + " captured bytes");
                return null;
            }
            Interface description = interfaces.get(interfaceId);
            timestamp = description.resolution().toNanos(units);
            if (timestamp == TimestampResolution.OUT_OF_RANGE) {
                if (!warnedOutOfRange) {
                    warnedOutOfRange = true;
                    problems.add(new CaptureProblem(
                            input.file(),
                            blockNumber,
                            offset,
                            "timestamp beyond the year 2262; such packets keep the previous packet's time"));
                }
                timestamp = lastTimestamp;
            } else {
                timestamp += description.offsetSeconds() * 1_000_000_000L;
            }
        }
        lastTimestamp = timestamp;
        frameNumber++;
        byte[] data = Arrays.copyOfRange(body, dataStart, dataStart + (int) captured);
        return new CapturedPacket(
                frameNumber, offset, interfaces.get(interfaceId).linkType(), timestamp, data, data.length, (int)
                        Math.min(Integer.MAX_VALUE, Math.max(original, captured)));
    }

    /** Receives the options of a block, one at a time: code, where its value starts in the body, its length. */
    private interface OptionVisitor {
        void option(byte[] body, int code, int valueAt, int length);
    }

    /** What an interface description's options say: if_tsresol and if_tsoffset (the last of each wins). */
    private final class InterfaceOptions implements OptionVisitor {
        TimestampResolution resolution = TimestampResolution.MICROSECONDS;
        long offsetSeconds;

        @Override
        public void option(byte[] body, int code, int valueAt, int length) {
            if (code == OPTION_IF_TSRESOL && length >= 1) {
                resolution = TimestampResolution.fromOption(body[valueAt] & 0xFF);
            } else if (code == OPTION_IF_TSOFFSET && length >= 8) {
                long high = u32(body, valueAt + (bigEndian ? 0 : 4), bigEndian);
                long low = u32(body, valueAt + (bigEndian ? 4 : 0), bigEndian);
                offsetSeconds = high << 32 | low;
            }
        }
    }

    /**
     * Why the option list from {@code start} to the end of {@code body} does not parse, or null: each option is a
     * code, a length and its value padded to 4 bytes, up to an end-of-options option or the end of the block.
     */
    private String optionsProblem(byte[] body, int start) {
        return walkOptions(body, start, (options, code, valueAt, length) -> {});
    }

    /** Hands each option from {@code start} to {@code visitor}, up to the first that does not fit; says why, or null. */
    private String walkOptions(byte[] body, int start, OptionVisitor visitor) {
        int at = start;
        while (at + 4 <= body.length) {
            int code = u16(body, at, bigEndian);
            int optionLength = u16(body, at + 2, bigEndian);
            if (code == OPTION_END) {
                return null;
            }
            if (at + 4 + optionLength > body.length) {
                return "option " + code + " of length " + optionLength + " runs past the end of the block";
            }
            visitor.option(body, code, at + 4, optionLength);
            at += 4 + ((optionLength + 3) & ~3);
        }
        return at == body.length || at == start ? null : "options end inside a 4-byte option header";
    }

    /** Reports a damaged block that is skipped; the caller returns null (no packet from it). */
    private void skipBlock(long offset, String what) {
        problems.add(new CaptureProblem(input.file(), blockNumber, offset, what + "; block skipped"));
    }

    /** Reports damage that ends the reading; the caller returns null. */
    private void stop(long offset, String what) {
        problems.add(new CaptureProblem(input.file(), blockNumber, offset, what));
        ended = true;
    }

    @Override
    public List<CaptureProblem> problems() {
        return problems.kept();
    }

    @Override
    public String formatDescription() {
        return "pcapng (" + sections + (sections == 1 ? " section" : " sections") + ")";
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
