package org.replaytcp.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a little-endian microsecond-or-nanosecond Ethernet pcap into a NULL (link type 0) pcap as Npcap's
 * loopback adapter writes it: each 14-byte Ethernet header replaced by a 4-byte little-endian address family.
 * {@code editcap -T null} only relabels, so the test does the rewrite itself (see FINDINGS).
 */
final class EthernetToNull {

    private EthernetToNull() {}

    static Path convert(Path ethernet, Path output) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(ethernet)).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[24];
        in.get(header);
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 0);
        out.writeBytes(header);
        while (in.remaining() >= 16) {
            int seconds = in.getInt();
            int fraction = in.getInt();
            int captured = in.getInt();
            int original = in.getInt();
            byte[] frame = new byte[captured];
            in.get(frame);
            int ethertype = (frame[12] & 0xFF) << 8 | (frame[13] & 0xFF);
            int family = ethertype == 0x86DD ? 24 : 2;
            ByteBuffer record = ByteBuffer.allocate(16 + 4 + captured - 14).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(seconds)
                    .putInt(fraction)
                    .putInt(captured - 10)
                    .putInt(original - 10)
                    .putInt(family);
            record.put(frame, 14, captured - 14);
            out.writeBytes(record.array());
        }
        Files.write(output, out.toByteArray());
        return output;
    }
}
