package org.replaytcp.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.replaytcp.capture.CaptureFiles;
import org.replaytcp.capture.CaptureReader;
import org.replaytcp.testing.LoopbackRecorder;
import org.replaytcp.testing.Reassembled;
import org.replaytcp.testing.ScriptedExchange;
import org.replaytcp.testing.Tshark;

/**
 * Captures made the way users make them: tcpdump on loopback while a real client and server talk, in each
 * link type and format we read. The bytes we reassemble must be exactly what the programs wrote, and what
 * tshark follows.
 */
class LoopbackCaptureTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} over {1}, seed {2}")
    @CsvSource({
        "ethernet-pcap, 127.0.0.1, 21001",
        "ethernet-pcap, ::1, 21002",
        "sll2-pcap, 127.0.0.1, 21003",
        "sll-pcap, ::1, 21004",
        "ethernet-pcapng, 127.0.0.1, 21005",
        "rawip-pcap, ::1, 21006",
        "null-pcap, 127.0.0.1, 21007"
    })
    void reassemblesExactlyWhatThePeersWrote(String kind, String address, int seed) throws Exception {
        int port = org.replaytcp.testing.FreePort.find();
        Path recorded = dir.resolve("recorded.pcap");
        String[] tcpdumpArgs = switch (kind) {
            case "sll2-pcap" -> new String[] {"-i", "any"};
            case "sll-pcap" -> new String[] {"-i", "any", "-y", "LINUX_SLL"};
            default -> new String[0];
        };
        ScriptedExchange.Sent sent = null;
        Path capture = null;
        // tcpdump on "any" now and then loses a packet under load; tshark tells us the capture is whole before we
        // hold our reader to it (a lost packet is the recorder's fault, not the reader's). Five tries.
        for (int attempt = 1; attempt <= 5; attempt++) {
            try (LoopbackRecorder recorder = LoopbackRecorder.start(recorded, port, tcpdumpArgs)) {
                sent = ScriptedExchange.run(InetAddress.getByName(address), port, 40, seed + attempt * 100L);
            }
            capture = switch (kind) {
                case "ethernet-pcapng" -> convert(recorded, "x.pcapng", "editcap", "-F", "pcapng");
                case "rawip-pcap" -> convert(recorded, "x-raw.pcap", "editcap", "-C", "14", "-T", "rawip");
                case "null-pcap" -> EthernetToNull.convert(recorded, dir.resolve("x-null.pcap"));
                default -> recorded;
            };
            Tshark.Followed whole = Tshark.followAll(capture).get(0);
            if (whole != null
                    && java.util.Arrays.equals(whole.fromNode0(), sent.byClient())
                    && java.util.Arrays.equals(whole.fromNode1(), sent.byServer())) {
                break;
            }
            System.err.println("tcpdump lost packets on attempt " + attempt + " (" + kind + "), recording again");
        }
        Map<Integer, Reassembled.Stream> ours = Reassembled.of(capture);
        assertEquals(1, ours.size(), "one connection in " + kind);
        Reassembled.Stream stream = ours.get(0);
        assertEquals(sent.clientPort(), stream.summary.info().client().port());
        assertEquals(port, stream.summary.info().server().port());
        assertEquals(RoleSource.SYN, stream.summary.info().roleFrom());
        assertEquals(ConnectionEnd.FIN, stream.summary.end());
        assertArrayEquals(sent.byClient(), stream.clientToServer.toByteArray(), "client bytes in " + kind);
        assertArrayEquals(sent.byServer(), stream.serverToClient.toByteArray(), "server bytes in " + kind);
        assertEquals(0, stream.summary.missingBytes());

        Tshark.Followed followed = Tshark.followAll(capture).get(0);
        assertArrayEquals(followed.fromNode0(), stream.clientToServer.toByteArray(), "tshark agrees, " + kind);
        assertArrayEquals(followed.fromNode1(), stream.serverToClient.toByteArray(), "tshark agrees, " + kind);
        try (CaptureReader reader = CaptureFiles.open(capture)) {
            int expectedLinkType = switch (kind) {
                case "sll2-pcap" -> 276;
                case "sll-pcap" -> 113;
                case "rawip-pcap" -> 101;
                case "null-pcap" -> 0;
                default -> 1;
            };
            assertEquals(expectedLinkType, reader.next().linkType());
        }
    }

    private Path convert(Path input, String name, String... command) throws Exception {
        Path output = dir.resolve(name);
        List<String> full = new java.util.ArrayList<>(List.of(command));
        full.add(input.toString());
        full.add(output.toString());
        Tshark.run(full);
        assertEquals(true, Files.size(output) > 24);
        return output;
    }
}
