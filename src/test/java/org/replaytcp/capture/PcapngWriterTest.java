package org.replaytcp.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pcapng the recorder writes, byte for byte against the layout of the pcapng specification, by hand. */
class PcapngWriterTest {

    @Test
    void writesASectionAnInterfaceInNanosecondsAndPaddedPacketBlocks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.pcapng");
        try (PcapngWriter writer = new PcapngWriter(file, 101, 262_144)) {
            writer.write(0x0000_0001_0000_0002L, new byte[] {1, 2, 3, 4, 5, 9, 9}, 5, 60);
            writer.write(0x1122_3344_5566_7788L, new byte[] {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD}, 4, 0);
            assertEquals(2, writer.packets());
        }
        String expected = ""
                // SHB: type, length 28, byte-order magic, version 1.0, section length -1 (unknown), length
                + "0a0d0d0a" + "1c000000" + "4d3c2b1a" + "0100" + "0000" + "ffffffffffffffff" + "1c000000"
                // IDB: type 1, length 32, link type 101 (raw IP), reserved, snap length 262144,
                // if_tsresol (9) of length 1 = 9 (nanoseconds) padded, end of options, length
                + "01000000" + "20000000" + "6500" + "0000" + "00000400" + "0900" + "0100" + "09000000" + "00000000"
                + "20000000"
                // EPB: type 6, length 40, interface 0, time high 1, low 2, captured 5, original 60, data padded
                + "06000000" + "28000000" + "00000000" + "01000000" + "02000000" + "05000000" + "3c000000"
                + "0102030405000000" + "28000000"
                // EPB: 4 bytes need no padding; an original length below the captured one is the captured one
                + "06000000" + "24000000" + "00000000" + "44332211" + "88776655" + "04000000" + "04000000"
                + "aabbccdd" + "24000000";
        assertEquals(expected, HexFormat.of().formatHex(Files.readAllBytes(file)));
    }
}
