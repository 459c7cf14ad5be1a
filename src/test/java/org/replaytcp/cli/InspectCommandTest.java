package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.CaptureFileBuilder;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.Frames;

class InspectCommandTest {

    private static final Path CAPTURES = Path.of("src/test/resources/captures");

    @TempDir
    Path dir;

    @Test
    void printsTheJsonContractFieldsWithValuesTsharkAgreesWith() throws Exception {
        Cli.Run run = Cli.run("inspect", CAPTURES.resolve("zeek-http-get.pcap").toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(
                CAPTURES.resolve("zeek-http-get.pcap").toString(),
                json.get("file").asText());
        JsonNode c = json.get("connections").get(0);
        List<String> names = new ArrayList<>();
        c.fieldNames().forEachRemaining(names::add);
        assertTrue(
                names.containsAll(List.of(
                        "index",
                        "client",
                        "server",
                        "roleFrom",
                        "start",
                        "durationSeconds",
                        "packets",
                        "clientToServerBytes",
                        "serverToClientBytes",
                        "retransmittedBytes",
                        "outOfOrderSegments",
                        "missingBytes",
                        "end")),
                names.toString());
        // tshark -z conv,tcp: 141.142.228.5:59856 <-> 192.150.187.43:80, 14 frames, duration 0.2116 s;
        // follow,tcp: 136 bytes from the client, 5007 from the server; FIN both ways.
        assertEquals(0, c.get("index").asInt());
        assertEquals("141.142.228.5:59856", c.get("client").asText());
        assertEquals("192.150.187.43:80", c.get("server").asText());
        assertEquals("syn", c.get("roleFrom").asText());
        assertEquals("2013-03-07T21:42:06.869344Z", c.get("start").asText());
        assertEquals(0.211628, c.get("durationSeconds").asDouble(), 1e-9);
        assertEquals(14, c.get("packets").asInt());
        assertEquals(136, c.get("clientToServerBytes").asInt());
        assertEquals(5007, c.get("serverToClientBytes").asInt());
        assertEquals(0, c.get("retransmittedBytes").asInt());
        assertEquals(0, c.get("missingBytes").asInt());
        assertEquals("fin", c.get("end").asText());
        assertEquals(0, json.get("skipped").get("total").asInt());
    }

    @Test
    void printsIpv6EndpointsInBrackets() throws Exception {
        Cli.Run run = Cli.run(
                "inspect", CAPTURES.resolve("ppp-four_ipv6_http_streams.pcap").toString(), "--json");
        JsonNode c = new ObjectMapper().readTree(run.out()).get("connections").get(0);
        // tshark follow,tcp,raw,0: Node 0: [2001:618:400::5199:cc70]:35995, Node 1: [2001:618:1:8000::5]:80
        assertEquals("[2001:618:400::5199:cc70]:35995", c.get("client").asText());
        assertEquals("[2001:618:1:8000::5]:80", c.get("server").asText());
    }

    @Test
    void saysWhenRolesWereInferred() throws Exception {
        Cli.Run run =
                Cli.run("inspect", CAPTURES.resolve("zeek-http-get_nosyn.pcap").toString(), "--json");
        JsonNode c = new ObjectMapper().readTree(run.out()).get("connections").get(0);
        assertEquals("inferred", c.get("roleFrom").asText());
        assertEquals("192.150.187.43:80", c.get("server").asText());
    }

    @Test
    void countsRetransmittedBytesAsTsharkFlagsThem() throws Exception {
        // tshark -Y 'tcp.analysis.retransmission || tcp.analysis.fast_retransmission || tcp.analysis.out_of_order'
        // on this file: 19 frames whose tcp.len add up to 24820, all repeats of bytes captured before.
        Cli.Run run = Cli.run(
                "inspect", CAPTURES.resolve("zeek-http-206_example_a.pcap").toString(), "--json");
        JsonNode connections = new ObjectMapper().readTree(run.out()).get("connections");
        long retransmitted = 0;
        for (JsonNode c : connections) {
            retransmitted += c.get("retransmittedBytes").asLong();
            assertEquals(0, c.get("missingBytes").asLong());
        }
        assertEquals(24820, retransmitted);
    }

    @Test
    void printsATableThenWhatWasSkipped() {
        Cli.Run run = Cli.run("inspect", CAPTURES.resolve("zeek-http-get.pcap").toString());
        assertEquals(0, run.exitCode());
        String[] lines = run.out().split("\n");
        assertTrue(lines[0].endsWith("14 packets, 1 TCP connection"), lines[0]);
        assertTrue(lines[1].contains("client") && lines[1].contains("server") && lines[1].contains("end"), lines[1]);
        assertTrue(lines[2].contains("141.142.228.5:59856") && lines[2].endsWith("fin"), lines[2]);
        assertEquals("Skipped: nothing", lines[3]);
    }

    @Test
    void countsPacketsThatAreNotTcpAsTsharkDoes() throws Exception {
        // tshark -r ppp-many_interfaces-1.pcapng -Y '!tcp' | wc -l  ->  32
        Cli.Run run = Cli.run(
                "inspect", CAPTURES.resolve("ppp-many_interfaces-1.pcapng").toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode skipped = new ObjectMapper().readTree(run.out()).get("skipped");
        assertEquals(32, skipped.get("notTcp").asLong());
        assertEquals(32, skipped.get("total").asLong());
    }

    @Test
    void namesTheUnsupportedLinkTypesItSkipped() throws Exception {
        Path file = CaptureFileBuilder.pcap(false, false, 147)
                .record(1, 0, new byte[40])
                .writeTo(dir.resolve("user0.pcap"));
        Cli.Run run = Cli.run("inspect", file.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode skipped = new ObjectMapper().readTree(run.out()).get("skipped");
        assertEquals(1, skipped.get("unsupportedLinkType").asLong());
        assertEquals(1, skipped.get("unsupportedLinkTypes").get("147").asLong());
        assertTrue(Cli.run("inspect", file.toString())
                .out()
                .contains("Skipped: 1 unsupported link type (link type 147: 1)"));
    }

    @Test
    void namesTheRecordAndOffsetOfEachDamagedPacket() throws Exception {
        byte[] good = Frames.ipv4Tcp("10.0.0.1", "10.0.0.2", Frames.tcp(40000, 11000, 1, 0, Frames.SYN, new byte[0]));
        byte[] bad = good.clone();
        bad[20 + 12] = 0x30; // TCP data offset 3 words: 12 bytes, less than 20
        // RAW pcap: 24-byte file header, then 16-byte record headers; record 2 starts at 24 + 16 + 40 = 80.
        Path file = CaptureFileBuilder.pcap(false, false, 101)
                .record(1, 0, good)
                .record(2, 0, bad)
                .writeTo(dir.resolve("damaged.pcap"));
        Cli.Run run = Cli.run("inspect", file.toString());
        assertEquals(0, run.exitCode());
        assertTrue(
                run.out()
                        .contains("Damage: damaged.pcap: record 2 at byte 80: TCP data offset 12 bytes is less "
                                + "than 20"),
                run.out());
        JsonNode json = new ObjectMapper()
                .readTree(Cli.run("inspect", file.toString(), "--json").out());
        assertEquals(1, json.get("damagedPackets").asLong());
        assertEquals(1, json.get("skipped").get("malformedHeader").asLong());
    }

    @Test
    void aPacketWhoseIpLengthIsBeyondItsFrameReservesNoSequenceSpace() throws Exception {
        // The client sends "hello" and then " world"; the first packet's IP length says 5000 in its 45-byte frame.
        // By hand (and tshark's follow agrees): "hello world" client->server, nothing retransmitted, none missing.
        String c = "10.0.0.1";
        String s = "10.0.0.2";
        byte[] hello = Frames.ipv4Tcp(
                c, s, Frames.tcp(40000, 11000, 101, 901, Frames.PSH | Frames.ACK, Frames.ascii("hello")));
        byte[] damaged = hello.clone();
        damaged[2] = (byte) (5000 >> 8);
        damaged[3] = (byte) (5000 & 0xFF);
        Path file = CaptureFileBuilder.pcap(false, false, 101)
                .record(1, 0, Frames.ipv4Tcp(c, s, Frames.tcp(40000, 11000, 100, 0, Frames.SYN, new byte[0])))
                .record(
                        1,
                        1,
                        Frames.ipv4Tcp(s, c, Frames.tcp(11000, 40000, 900, 101, Frames.SYN | Frames.ACK, new byte[0])))
                .record(1, 2, Frames.ipv4Tcp(c, s, Frames.tcp(40000, 11000, 101, 901, Frames.ACK, new byte[0])))
                .record(1, 3, damaged)
                .record(
                        1,
                        4,
                        Frames.ipv4Tcp(
                                c,
                                s,
                                Frames.tcp(40000, 11000, 106, 901, Frames.PSH | Frames.ACK, Frames.ascii(" world"))))
                .record(1, 5, Frames.ipv4Tcp(s, c, Frames.tcp(11000, 40000, 901, 112, Frames.ACK, new byte[0])))
                .writeTo(dir.resolve("length-beyond-frame.pcap"));
        Cli.Run run = Cli.run("inspect", file.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode connection = json.get("connections").get(0);
        assertEquals(11, connection.get("clientToServerBytes").asLong());
        assertEquals(0, connection.get("retransmittedBytes").asLong());
        assertEquals(0, connection.get("missingBytes").asLong());
        assertEquals(1, json.get("lengthBeyondFrame").asLong());
        assertArrayEquals(
                Frames.ascii("hello world"),
                org.replaytcp.testing.Tshark.followAll(file).get(0).fromNode0());
        // Record 4 starts after the 24-byte file header and three records of 16 + 40 bytes: 24 + 3 * 56 = 192.
        assertTrue(
                json.get("problems")
                        .get(0)
                        .asText()
                        .contains("record 4 at byte 192: IP length 5000 is beyond "
                                + "the 45 bytes of the frame; only the frame's bytes are used"),
                json.get("problems").toString());
    }

    @Test
    void rejectsAFileThatIsNotACaptureWithOneLineAndExitCode2() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a capture at all");
        Cli.Run run = Cli.run("inspect", notes.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(
                run.err().startsWith("replay-tcp: notes.txt: file header at byte 0: not a pcap or pcapng file"),
                run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void showsTheStackTraceOnlyWithDebug() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a capture at all");
        Cli.Run run = Cli.run("inspect", notes.toString(), "--debug");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("CaptureFormatException"), run.err());
    }

    @Test
    void rejectsAMissingFile() {
        Cli.Run run = Cli.run("inspect", "no-such.pcap");
        assertEquals(2, run.exitCode());
        assertEquals("replay-tcp: no-such.pcap: no such file", run.err().strip());
    }

    @Test
    void reportsDamageButKeepsWhatCouldBeRead() {
        Cli.Run run = Cli.run(
                "inspect",
                CAPTURES.resolve("derived/zeek-http-get.cut-mid-packet.pcap").toString());
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Damage: zeek-http-get.cut-mid-packet.pcap: record 14 at byte 6253"), run.out());
        assertTrue(run.out().contains("13 packets, 1 TCP connection"), run.out());
    }

    @Test
    void listsItsCommandsInHelp() {
        Cli.Run run = Cli.run("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("inspect"), run.out());
    }
}
