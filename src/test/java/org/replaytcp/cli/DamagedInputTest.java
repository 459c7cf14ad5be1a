package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.CaptureFileBuilder;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.Frames;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * The README's "When things go wrong" for damaged input, through the command line: the exit code, the one line,
 * and what is still read. Offsets are computed by hand from the pcap and pcapng layouts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DamagedInputTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");
    private static final Path CUT = Path.of("src/test/resources/captures/derived/zeek-http-get.cut-mid-packet.pcap");
    private static final byte[] SYN =
            Frames.ipv4Tcp("10.0.0.1", "10.0.0.2", Frames.tcp(40000, 11000, 1, 0, Frames.SYN, new byte[0]));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static String[] replayArgs(String role, Path capture, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                role,
                capture.toString(),
                role.equals("client") ? "--connect" : "--listen",
                "127.0.0.1:" + FreePort.find(),
                "--quiet"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private void assertBadInputInOneLine(String expected, String... args) {
        Cli.Run run = Cli.run(args);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals("replay-tcp: " + expected, run.err().strip(), String.join(" ", args));
        assertEquals("", run.out());
    }

    @Test
    void aMissingEmptyOrHeaderCutFileIsBadInputForBothRoles() throws Exception {
        Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        Path cut = Files.write(
                dir.resolve("cut.pcap"),
                Arrays.copyOf(CaptureFileBuilder.pcap(false, false, 1).bytes(), 10));
        for (String role : List.of("client", "server")) {
            assertBadInputInOneLine("no-such.pcap: no such file", replayArgs(role, Path.of("no-such.pcap")));
            Cli.Run emptyRun = Cli.run(replayArgs(role, empty));
            assertEquals(2, emptyRun.exitCode(), role);
            assertTrue(emptyRun.err().strip().startsWith("replay-tcp: empty.pcap: "), emptyRun.err());
            assertEquals(1, emptyRun.err().strip().lines().count(), emptyRun.err());
            Cli.Run cutRun = Cli.run(replayArgs(role, cut));
            assertEquals(2, cutRun.exitCode(), role);
            assertTrue(
                    cutRun.err()
                            .strip()
                            .startsWith("replay-tcp: cut.pcap: file header at byte 0: file ends inside "
                                    + "the pcap file header"),
                    cutRun.err());
            assertEquals(1, cutRun.err().strip().lines().count(), cutRun.err());
        }
    }

    @Test
    void aPortThatMatchesNoConnectionIsBadInputForBothRoles() {
        for (String role : List.of("client", "server")) {
            assertBadInputInOneLine(
                    "daqbox-polyview.pcapng: no recorded connection to port 9999 (server ports: 11000)",
                    replayArgs(role, SAMPLE, "--port", "9999"));
        }
    }

    /** One good packet in a pcapng section, then {@code tail}; the good part is 28 (SHB) + 24 (IDB: 8 bytes of fields and an end-of-options) + 32 + 40 bytes. */
    private Path pcapngWithGoodPacketThen(String name, byte[] tail) throws Exception {
        byte[] good = CaptureFileBuilder.pcapng()
                .section(false)
                .interfaceBlock(101, -1, 0)
                .enhancedPacket(0, 1, SYN)
                .bytes();
        assertEquals(28 + 24 + 32 + 40, good.length);
        byte[] all = Arrays.copyOf(good, good.length + tail.length);
        System.arraycopy(tail, 0, all, good.length, tail.length);
        return Files.write(dir.resolve(name), all);
    }

    private JsonNode inspect(Path file) throws Exception {
        Cli.Run run = Cli.run("inspect", file.toString(), "--json");
        assertEquals(0, run.exitCode(), "damage further in is reported, not fatal: " + run.err());
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void aPcapngBlockLengthOfZeroIsReportedAndWhatPrecedesItIsRead() throws Exception {
        JsonNode json =
                inspect(pcapngWithGoodPacketThen("zero.pcapng", new byte[] {6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals(1, json.get("packets").asLong());
        String problem = json.get("problems").get(0).asText();
        assertTrue(problem.contains("at byte 124") && problem.contains("block length 0"), problem);
    }

    @Test
    void aPcapngBlockLengthOver256MebibytesIsReportedWithoutAllocatingIt() throws Exception {
        // 0x20000000 = 512 MiB, in a file of 136 bytes.
        JsonNode json =
                inspect(pcapngWithGoodPacketThen("huge.pcapng", new byte[] {6, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0}));
        assertEquals(1, json.get("packets").asLong());
        String problem = json.get("problems").get(0).asText();
        assertTrue(problem.contains("at byte 124") && problem.contains("536870912"), problem);
    }

    @Test
    void aLaterSectionOfUnknownByteOrderIsReportedAndTheFirstSectionIsRead() throws Exception {
        byte[] second = CaptureFileBuilder.pcapng().section(false).bytes();
        second[8] = 0x11; // the byte-order magic is 0x1A2B3C4D in neither order
        JsonNode json = inspect(pcapngWithGoodPacketThen("order.pcapng", second));
        assertEquals(1, json.get("packets").asLong());
        String problem = json.get("problems").get(0).asText();
        assertTrue(problem.contains("at byte 124") && problem.contains("unknown byte-order magic"), problem);
    }

    @Test
    void theFirstHundredDamagedPacketsAreKeptAndAllAreCounted() throws Exception {
        byte[] bad = SYN.clone();
        bad[20 + 12] = 0x30; // TCP data offset 12 bytes, less than 20
        CaptureFileBuilder pcap = CaptureFileBuilder.pcap(false, false, 101);
        for (int i = 0; i < 150; i++) {
            pcap.record(1, i, bad);
        }
        JsonNode json = inspect(pcap.writeTo(dir.resolve("many.pcap")));
        assertEquals(150, json.get("damagedPackets").asLong());
        assertEquals(100, json.get("problems").size());
        // Record 100 starts at 24 + 99 * (16 + 40) = 5568.
        assertTrue(
                json.get("problems").get(99).asText().contains("record 100 at byte 5568"),
                json.get("problems").get(99).asText());
        assertEquals(150, json.get("skipped").get("malformedHeader").asLong());
    }

    @Test
    void damageFurtherInIsReportedAndTheRestReplaysInTheClientRole() throws Exception {
        Tshark.Followed readable = Tshark.followAll(CUT).get(0);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Future<byte[]> got = threads.submit(() -> {
                try (Socket socket = server.accept()) {
                    byte[] request = socket.getInputStream().readNBytes(readable.fromNode0().length);
                    socket.getOutputStream().write(readable.fromNode1());
                    socket.shutdownOutput();
                    socket.getInputStream().readAllBytes();
                    return request;
                }
            });
            Cli.Run run = Cli.run(
                    "client",
                    CUT.toString(),
                    "--connect",
                    "127.0.0.1:" + server.getLocalPort(),
                    "--top-speed",
                    "--quiet");
            org.junit.jupiter.api.Assertions.assertArrayEquals(readable.fromNode0(), got.get(20, TimeUnit.SECONDS));
            assertTrue(
                    run.err()
                            .startsWith(
                                    "replay-tcp: warning: zeek-http-get.cut-mid-packet.pcap: record 14 at byte 6253"),
                    run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }

    @Test
    void damageFurtherInIsReportedAndTheRestReplaysInTheServerRole() throws Exception {
        Tshark.Followed readable = Tshark.followAll(CUT).get(0);
        int port = FreePort.find();
        Future<Cli.Run> replay = threads.submit(() -> Cli.run(
                "server",
                CUT.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--top-speed",
                "--quiet",
                "--await-timeout",
                "5"));
        byte[] heard;
        try (Socket client = Cli.connectWhenListening(port)) {
            client.getOutputStream().write(readable.fromNode0());
            client.shutdownOutput();
            heard = client.getInputStream().readAllBytes();
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        org.junit.jupiter.api.Assertions.assertArrayEquals(readable.fromNode1(), heard);
        assertTrue(
                run.err().startsWith("replay-tcp: warning: zeek-http-get.cut-mid-packet.pcap: record 14 at byte 6253"),
                run.err());
    }
}
