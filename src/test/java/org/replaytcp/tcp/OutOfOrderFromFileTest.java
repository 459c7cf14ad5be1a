package org.replaytcp.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.packet.LinkType;
import org.replaytcp.testing.CaptureFileBuilder;
import org.replaytcp.testing.Frames;

/**
 * A segment that arrives ahead of a hole waits in the reassembler while the file reader goes on: its bytes must
 * survive the reader reusing its packet buffer. Expected stream written by hand.
 */
class OutOfOrderFromFileTest {

    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH_ACK = 0x18;

    private static byte[] packet(boolean fromClient, long seq, long ack, int flags, String payload) {
        byte[] tcp = Frames.tcp(
                fromClient ? 40000 : 11000,
                fromClient ? 11000 : 40000,
                seq,
                ack,
                flags,
                payload.getBytes(StandardCharsets.US_ASCII));
        return fromClient ? Frames.ipv4Tcp("10.0.0.1", "10.0.0.2", tcp) : Frames.ipv4Tcp("10.0.0.2", "10.0.0.1", tcp);
    }

    @Test
    void bytesHeldAheadOfAHoleAreTheOnesRecorded(@TempDir Path dir) throws Exception {
        // Client ISN 100: "AAAA" at 101, "BBBB" at 105, "CCCC" at 109; recorded order C, then A, then B.
        Path file = CaptureFileBuilder.pcap(false, false, LinkType.RAW)
                .record(1, 0, packet(true, 100, 0, SYN, ""))
                .record(1, 10, packet(false, 500, 101, SYN | ACK, ""))
                .record(1, 20, packet(true, 101, 501, ACK, ""))
                .record(1, 30, packet(true, 109, 501, PSH_ACK, "CCCC"))
                .record(1, 40, packet(false, 501, 101, ACK, ""))
                .record(1, 50, packet(true, 101, 501, PSH_ACK, "AAAA"))
                .record(1, 60, packet(true, 105, 501, PSH_ACK, "BBBB"))
                .writeTo(dir.resolve("out-of-order.pcap"));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (ConversationReader reader = new ConversationReader(file, null, s -> {})) {
            reader.forEachRemaining(event -> {
                if (event instanceof TcpEvent.DataSegment data && data.direction() == Direction.CLIENT_TO_SERVER) {
                    stream.writeBytes(data.data());
                }
            });
        }
        assertEquals("AAAABBBBCCCC", stream.toString(StandardCharsets.US_ASCII));
        Files.delete(file);
    }
}
