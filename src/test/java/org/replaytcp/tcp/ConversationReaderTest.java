package org.replaytcp.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.replaytcp.testing.Frames.ACK;
import static org.replaytcp.testing.Frames.SYN;
import static org.replaytcp.testing.Frames.ascii;
import static org.replaytcp.testing.Frames.ipv4Tcp;
import static org.replaytcp.testing.Frames.tcp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.packet.LinkType;
import org.replaytcp.testing.CaptureFileBuilder;

/**
 * A hand-built capture read end to end: a SYN shows who listens, so connections without one get their server from
 * it (by endpoint, then by port); a damaged packet is counted and said; the reader reports what it read.
 */
class ConversationReaderTest {

    @TempDir
    Path dir;

    private Path capture() throws Exception {
        byte[] damaged = ipv4Tcp("10.0.0.1", "10.0.0.2", tcp(1, 2, 0, 0, ACK, new byte[0]));
        damaged[0] = 0x44; // IHL 4: 16 bytes
        return CaptureFileBuilder.pcap(false, false, LinkType.RAW)
                // 10.0.0.2:80 accepts a SYN: it listens
                .record(1, 0, ipv4Tcp("10.0.0.1", "10.0.0.2", tcp(40000, 80, 100, 0, SYN, new byte[0])))
                // no SYN: 10.0.0.2:80 is the server although 20 is the lower port
                .record(2, 0, ipv4Tcp("10.0.0.9", "10.0.0.2", tcp(20, 80, 500, 0, ACK, ascii("hi"))))
                // no SYN: port 80 listens elsewhere, so 10.0.0.7:80 is the server, not 10.0.0.8:10
                .record(3, 0, ipv4Tcp("10.0.0.7", "10.0.0.8", tcp(80, 10, 900, 0, ACK, ascii("yo"))))
                .record(4, 0, damaged)
                .writeTo(dir.resolve("roles.pcap"));
    }

    private static String roles(List<ConnectionSummary> summaries) {
        return String.join(
                ", ",
                summaries.stream()
                        .map(s -> s.info().index() + " " + s.info().client() + ">"
                                + s.info().server() + " " + s.info().roleFrom())
                        .toList());
    }

    @Test
    void readsEventsRolesAndDamage() throws Exception {
        Path file = capture();
        List<ConnectionSummary> summaries = new ArrayList<>();
        List<String> data = new ArrayList<>();
        try (ConversationReader reader = new ConversationReader(file, null, summaries::add)) {
            reader.forEachRemaining(event -> {
                if (event instanceof TcpEvent.DataSegment d) {
                    data.add(d.connection().index() + ":"
                            + new String(d.data(), java.nio.charset.StandardCharsets.US_ASCII));
                }
            });
            assertEquals(file, reader.file());
            assertEquals(4, reader.packets());
            assertEquals(1, reader.damagedPackets());
            assertEquals("pcap (µs, little-endian)", reader.formatDescription());
            assertEquals(
                    // the file header (24), then three records of 16 + 40, 16 + 42, 16 + 42 bytes
                    List.of("record 4 at byte 196: IPv4 header length 16 is less than 20"),
                    reader.problems().stream()
                            .map(p -> "record " + p.record() + " at byte " + p.offset() + ": " + p.what())
                            .toList());
            assertEquals(1L, reader.decoder().skipped().get(org.replaytcp.packet.SkipReason.MALFORMED_HEADER));
        }
        assertEquals(
                "0 10.0.0.1:40000>10.0.0.2:80 SYN, 1 10.0.0.9:20>10.0.0.2:80 INFERRED,"
                        + " 2 10.0.0.8:10>10.0.0.7:80 INFERRED",
                roles(summaries));
        assertEquals(List.of("1:hi", "2:yo"), data);
    }

    @Test
    void theUsersPortOverridesWhatTheCaptureSuggests() throws Exception {
        List<ConnectionSummary> summaries = new ArrayList<>();
        try (ConversationReader reader = ConversationReader.summariesOnly(capture(), 10, summaries::add)) {
            List<TcpEvent> events = new ArrayList<>();
            reader.forEachRemaining(events::add);
            assertEquals(
                    0,
                    events.stream()
                            .filter(e -> e instanceof TcpEvent.DataSegment)
                            .count(),
                    "no payload");
        }
        assertEquals(
                "0 10.0.0.1:40000>10.0.0.2:80 SYN, 1 10.0.0.9:20>10.0.0.2:80 INFERRED,"
                        + " 2 10.0.0.7:80>10.0.0.8:10 INFERRED",
                roles(summaries));
    }
}
