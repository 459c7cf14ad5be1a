package org.replaytcp.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a capture file with the reader its first bytes call for. */
public final class CaptureFiles {

    /** No record or block may be longer than this; a longer one means the file is corrupt. */
    public static final long MAX_RECORD_LENGTH = 256L * 1024 * 1024;

    private CaptureFiles() {}

    /**
     * Opens a pcap or pcapng file.
     *
     * @throws CaptureFormatException when it is neither, or its header is damaged
     * @throws IOException when it cannot be read at all
     */
    public static CaptureReader open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new CaptureFormatException(file, 0, 0, "is a directory, not a capture file");
        }
        byte[] magic = new byte[4];
        int got;
        try (var stream = Files.newInputStream(file)) {
            got = stream.readNBytes(magic, 0, 4);
        }
        if (got < 4) {
            throw new CaptureFormatException(
                    file,
                    0,
                    0,
                    got == 0 ? "empty file, not a capture" : "file of " + got + " bytes is too short to be a capture");
        }
        int asBigEndian = (int) ByteOrderReading.u32(magic, 0, true);
        int asLittleEndian = (int) ByteOrderReading.u32(magic, 0, false);
        boolean pcapng = asBigEndian == PcapngReader.SECTION_HEADER_BLOCK;
        if (!pcapng && !PcapReader.isMagic(asBigEndian) && !PcapReader.isMagic(asLittleEndian)) {
            throw new CaptureFormatException(
                    file, 0, 0, "not a pcap or pcapng file (first bytes 0x" + ByteOrderReading.hex(magic, 0, 4) + ")");
        }
        return open(new CaptureInput(file), pcapng);
    }

    private static CaptureReader open(CaptureInput input, boolean pcapng) throws IOException {
        try {
            return pcapng ? new PcapngReader(input) : new PcapReader(input);
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }
}
