package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * Each verdict over real sockets, on real captures. The recorded bytes come from tshark's follow; the live peer
 * is a plain java.net program that sends them, or an altered copy.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VerifyCommandTest {

    private static final Path HTTP = Path.of("src/test/resources/captures/zeek-http-get.pcap");
    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Plays the client of zeek-http-get.pcap against a server that answers with {@code alter(recorded answer)}. */
    private Cli.Run replayHttpAgainst(UnaryOperator<byte[]> alter, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--top-speed"));
        args.addAll(List.of(extra));
        return replayHttpAgainstAt(alter, args.toArray(String[]::new));
    }

    /** As {@link #replayHttpAgainst}, with the timing flags given (none: the recorded timing). */
    private Cli.Run replayHttpAgainstAt(UnaryOperator<byte[]> alter, String... extra) throws Exception {
        Tshark.Followed recorded = Tshark.followAll(HTTP).get(0);
        byte[] answer = alter.apply(recorded.fromNode1());
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Future<byte[]> request = threads.submit(() -> {
                try (Socket socket = server.accept()) {
                    byte[] got = socket.getInputStream().readNBytes(recorded.fromNode0().length);
                    socket.getOutputStream().write(answer);
                    socket.shutdownOutput();
                    socket.getInputStream().readAllBytes();
                    return got;
                }
            });
            List<String> args = new ArrayList<>(List.of(
                    "client",
                    HTTP.toString(),
                    "--connect",
                    "127.0.0.1:" + server.getLocalPort(),
                    "--await-timeout",
                    "5",
                    "--verify"));
            args.addAll(List.of(extra));
            Cli.Run run = Cli.run(args.toArray(String[]::new));
            assertEquals(
                    new String(recorded.fromNode0(), StandardCharsets.ISO_8859_1),
                    new String(request.get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1));
            return run;
        }
    }

    private JsonNode report(Cli.Run run, Path json) throws Exception {
        assertTrue(Files.exists(json), run.out() + run.err());
        return new ObjectMapper()
                .readTree(Files.readString(json))
                .get("connections")
                .get(0);
    }

    @Test
    void identicalWhenTheServerAnswersAsRecorded() throws Exception {
        Path json = dir.resolve("r.json");
        Cli.Run run = replayHttpAgainstAt(UnaryOperator.identity(), "--report", json.toString());
        assertEquals(0, run.exitCode(), run.out());
        JsonNode c = report(run, json);
        assertEquals("identical", c.get("verdict").asText());
        assertTrue(c.get("firstDifferenceOffset").isNull());
        // tshark follow: the client sent 136 bytes, the server 5007.
        assertEquals(136, c.get("sentBytes").asLong());
        assertEquals(136, c.get("expectedSentBytes").asLong());
        assertEquals(5007, c.get("receivedBytes").asLong());
        assertEquals(5007, c.get("expectedReceivedBytes").asLong());
        assertEquals("141.142.228.5:59856", c.get("client").asText());
        assertEquals("192.150.187.43:80", c.get("server").asText());
        assertEquals(0, c.get("index").asInt());
        JsonNode whole = new ObjectMapper().readTree(Files.readString(json));
        JsonNode timing = whole.get("timing");
        // tshark: the client sent its 136 bytes in one segment, so one lateness figure; a send is never early, and
        // on loopback one send is well within 50 ms of its due time.
        assertEquals(1, timing.get("segments").asLong());
        long p50 = timing.get("p50Micros").asLong();
        long p99 = timing.get("p99Micros").asLong();
        long max = timing.get("maxMicros").asLong();
        assertTrue(0 <= p50 && p50 <= p99 && p99 <= max && max < 50_000, timing.toString());
        assertEquals(0, whole.get("awaitTimeouts").asLong(), "the server answered in time");
        // tshark: the client's FIN, its last act, is 0.142502 s after its SYN: at recorded timing the replay
        // cannot end sooner.
        double seconds = whole.get("durationSeconds").asDouble();
        assertTrue(seconds >= 0.142 && seconds < 5, "durationSeconds " + seconds);
    }

    @Test
    void differsAtTheFirstChangedByteWithItsContext() throws Exception {
        Path json = dir.resolve("r.json");
        Cli.Run run = replayHttpAgainst(
                answer -> {
                    byte[] changed = answer.clone();
                    changed[2500] ^= 0x20;
                    return changed;
                },
                "--report",
                json.toString());
        assertEquals(1, run.exitCode());
        JsonNode c = report(run, json);
        assertEquals("differs", c.get("verdict").asText());
        assertEquals(2500, c.get("firstDifferenceOffset").asLong());
        assertEquals(2492, c.get("difference").get("contextOffset").asLong());
        assertEquals(32 * 3 - 1, c.get("difference").get("expectedHex").asText().length());
        assertTrue(run.out().contains("first difference at offset 2500"), run.out());
    }

    @Test
    void shorterWhenTheServerStopsEarly() throws Exception {
        Path json = dir.resolve("r.json");
        Cli.Run run = replayHttpAgainst(answer -> Arrays.copyOf(answer, 3000), "--report", json.toString());
        assertEquals(1, run.exitCode());
        JsonNode c = report(run, json);
        assertEquals("shorter", c.get("verdict").asText());
        assertEquals(3000, c.get("receivedBytes").asLong());
        assertTrue(run.out().contains("the peer stopped at offset 3000 of 5007"), run.out());
    }

    @Test
    void longerWhenTheServerSaysMore() throws Exception {
        Path json = dir.resolve("r.json");
        Cli.Run run = replayHttpAgainst(
                answer -> {
                    byte[] more = Arrays.copyOf(answer, answer.length + 5);
                    System.arraycopy("EXTRA".getBytes(StandardCharsets.US_ASCII), 0, more, answer.length, 5);
                    return more;
                },
                "--report",
                json.toString());
        assertEquals(1, run.exitCode());
        assertEquals("longer", report(run, json).get("verdict").asText());
    }

    @Test
    void aMaskedDateHeaderIsNotADifference() throws Exception {
        UnaryOperator<byte[]> newDate = answer -> new String(answer, StandardCharsets.ISO_8859_1)
                .replace("Date: Thu, 07 Mar 2013 21:43:07 GMT", "Date: Wed, 25 Nov 2026 13:00:00 GMT")
                .getBytes(StandardCharsets.ISO_8859_1);
        Cli.Run unmasked = replayHttpAgainst(newDate);
        assertEquals(1, unmasked.exitCode());
        // "HTTP/1.1 200 OK\r\nDate: " is 23 bytes; "Thu" and "Wed" differ at once.
        assertTrue(unmasked.out().contains("first difference at offset 23"), unmasked.out());
        Cli.Run masked = replayHttpAgainst(newDate, "--ignore", "Date: [^\\r]*");
        assertEquals(0, masked.exitCode(), masked.out());
        assertTrue(masked.out().contains(" identical "), masked.out());
    }

    @Test
    void maskedByteRangesOfBinaryFramesAreNotADifference() throws Exception {
        // The server role receives DAQbox frames (AA 55, length, 32-bit sequence number at bytes 4-7, samples) from
        // a live client whose sequence numbers start at 1000 instead of 1.
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        Cli.Run unmasked = serveDaqboxWithShiftedSequence(recorded);
        assertEquals(1, unmasked.exitCode());
        assertTrue(unmasked.out().contains("first difference at offset 6"), unmasked.out());
        Cli.Run masked = serveDaqboxWithShiftedSequence(recorded, "--ignore-bytes", "AA55:4-7");
        assertEquals(0, masked.exitCode(), masked.out());
        assertEquals(
                2, masked.out().lines().filter(l -> l.contains(" identical ")).count(), masked.out());
    }

    private Cli.Run serveDaqboxWithShiftedSequence(Map<Integer, Tshark.Followed> recorded, String... extra)
            throws Exception {
        return serveDaqbox(recorded, VerifyCommandTest::shiftSequenceNumbers, extra);
    }

    @Test
    void theLastByteChangedIsADifferenceAtItsOffset() throws Exception {
        Path json = dir.resolve("r.json");
        Cli.Run run = replayHttpAgainst(
                answer -> {
                    byte[] changed = answer.clone();
                    changed[5006] ^= 0x01; // tshark: the server sent 5007 bytes
                    return changed;
                },
                "--report",
                json.toString());
        assertEquals(1, run.exitCode());
        JsonNode c = report(run, json);
        assertEquals("differs", c.get("verdict").asText());
        assertEquals(5006, c.get("firstDifferenceOffset").asLong());
    }

    @Test
    void theLastByteMissingIsShorterAtItsOffset() throws Exception {
        Path json = dir.resolve("r.json");
        Cli.Run run = replayHttpAgainst(answer -> Arrays.copyOf(answer, 5006), "--report", json.toString());
        assertEquals(1, run.exitCode());
        JsonNode c = report(run, json);
        assertEquals("shorter", c.get("verdict").asText());
        assertEquals(5006, c.get("receivedBytes").asLong());
        assertTrue(run.out().contains("the peer stopped at offset 5006 of 5007"), run.out());
    }

    /** {@code AA55:4-7} masks bytes 4 to 7 of each frame, no more, no fewer: the first frame is altered at {@code at}. */
    private String verdictWithFirstFrameAlteredAt(Map<Integer, Tshark.Followed> recorded, int... at) throws Exception {
        Cli.Run run = serveDaqbox(
                recorded,
                stream -> {
                    byte[] changed = stream.clone();
                    for (int offset : at) {
                        changed[offset] ^= 0x5A;
                    }
                    return changed;
                },
                "--ignore-bytes",
                "AA55:4-7");
        return run.exitCode() + " "
                + run.out()
                        .lines()
                        .filter(l -> l.startsWith("server ") || l.contains("first difference"))
                        .map(String::strip)
                        .toList();
    }

    @Test
    void aFrameMaskCoversExactlyTheBytesItNames() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        assertTrue(verdictWithFirstFrameAlteredAt(recorded, 4, 7).startsWith("0 "), "bytes 4 and 7 are masked");
        String before = verdictWithFirstFrameAlteredAt(recorded, 3);
        assertTrue(
                before.startsWith("1 ") && before.contains("server connection 0: first difference at offset 3"),
                before);
        String after = verdictWithFirstFrameAlteredAt(recorded, 8);
        assertTrue(
                after.startsWith("1 ") && after.contains("server connection 0: first difference at offset 8"), after);
    }

    private Cli.Run serveDaqbox(Map<Integer, Tshark.Followed> recorded, UnaryOperator<byte[]> alter, String... extra)
            throws Exception {
        int port = FreePort.find();
        List<String> args = new ArrayList<>(List.of(
                "server",
                SAMPLE.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--top-speed",
                "--await-timeout",
                "5",
                "--verify"));
        args.addAll(List.of(extra));
        Future<Cli.Run> replay = threads.submit(() -> Cli.run(args.toArray(String[]::new)));
        List<Future<?>> peers = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            Socket socket = Cli.connectWhenListening(port);
            byte[] frames = alter.apply(recorded.get(i).fromNode0());
            peers.add(threads.submit(() -> {
                try (socket) {
                    InputStream in = socket.getInputStream();
                    in.readNBytes(20); // the greeting
                    socket.getOutputStream().write(frames);
                    socket.shutdownOutput();
                    in.readAllBytes();
                }
                return null;
            }));
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        for (Future<?> peer : peers) {
            peer.get(10, TimeUnit.SECONDS); // a fake DAQbox that failed fails the test
        }
        return run;
    }

    /** Adds 999 to the sequence number (bytes 4-7) of every frame; frames are AA 55 + 16-bit length + body. */
    private static byte[] shiftSequenceNumbers(byte[] stream) {
        byte[] out = stream.clone();
        int at = 0;
        while (at + 8 <= out.length) {
            int length = (out[at + 2] & 0xFF) << 8 | (out[at + 3] & 0xFF);
            int sequence = java.nio.ByteBuffer.wrap(out, at + 4, 4).getInt() + 999;
            java.nio.ByteBuffer.wrap(out, at + 4, 4).putInt(sequence);
            at += 4 + length;
        }
        return out;
    }

    /** Serves the sample's clients at 0.4x speed (about 6.5 s), so a progress line is due after 5 s. */
    private Cli.Run slowServerReplay(String... extra) throws Exception {
        int port = FreePort.find();
        List<String> args = new ArrayList<>(List.of(
                "server", SAMPLE.toString(), "--listen", "127.0.0.1:" + port, "--no-await-peer", "--speed", "0.4"));
        args.addAll(List.of(extra));
        Future<Cli.Run> replay = threads.submit(() -> Cli.run(args.toArray(String[]::new)));
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        List<Future<?>> peers = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            Socket socket = Cli.connectWhenListening(port);
            byte[] frames = recorded.get(i).fromNode0();
            peers.add(threads.submit(() -> {
                try (socket) {
                    socket.getOutputStream().write(frames);
                    socket.shutdownOutput();
                    socket.getInputStream().readAllBytes();
                }
                return null;
            }));
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        for (Future<?> peer : peers) {
            peer.get(10, TimeUnit.SECONDS);
        }
        return run;
    }

    @Test
    void printsProgressLinesDuringALongReplay() throws Exception {
        Cli.Run run = slowServerReplay();
        assertEquals(0, run.exitCode(), run.out() + run.err());
        // Not a terminal here: whole lines, every 5 s. tshark: the server side of the sample sends 174 bytes.
        assertTrue(
                run.err()
                        .lines()
                        .anyMatch(
                                l -> l.matches(
                                        "replay: connections [0-2]/2, bytes \\d+/174, elapsed \\d+ s of 6 s, lag \\d+ (us|ms)")),
                run.err());
    }

    @Test
    void quietMeansNoProgress() throws Exception {
        Cli.Run run = slowServerReplay("--quiet");
        assertEquals(0, run.exitCode());
        assertEquals("", run.err());
    }
}
