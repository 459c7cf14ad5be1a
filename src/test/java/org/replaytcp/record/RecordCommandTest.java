package org.replaytcp.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Reassembled;
import org.replaytcp.testing.RecordingFile;
import org.replaytcp.testing.ScriptedExchange;
import org.replaytcp.testing.Tshark;

/**
 * {@code record} on the real loopback interface (libpcap through pcap4j; CI runs as root): every byte of a real
 * exchange is in the file, both ways, by our reader and by tshark.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordCommandTest {

    @TempDir
    Path dir;

    @Test
    void recordsEveryByteOfALoopbackExchangeBothWays() throws Exception {
        int port = FreePort.find();
        Path file = dir.resolve("session.pcapng");
        CompletableFuture<Cli.Run> recording = Background.supply(
                () -> Cli.run("record", "--port", Integer.toString(port), "--duration", "4", "-o", file.toString()));
        RecordingFile.awaitListening(file);
        ScriptedExchange.Sent sent = ScriptedExchange.run(InetAddress.getLoopbackAddress(), port, 30, 7);
        Cli.Run run = recording.get(30, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                run.out()
                        .matches("recorded \\d+ packets, 1 connection, " + sent.byClient().length
                                + " bytes client->server, " + sent.byServer().length + " bytes server->client: .*\\n"),
                run.out());

        Map<Integer, Reassembled.Stream> ours = Reassembled.of(file);
        assertArrayEquals(sent.byClient(), ours.get(0).clientToServer.toByteArray());
        assertArrayEquals(sent.byServer(), ours.get(0).serverToClient.toByteArray());
        assertEquals(sent.clientPort(), ours.get(0).summary.info().client().port());
        Tshark.Followed followed = Tshark.followAll(file).get(0);
        assertArrayEquals(sent.byClient(), followed.fromNode0());
        assertArrayEquals(sent.byServer(), followed.fromNode1());
        // tshark reads it as pcapng with nanosecond resolution
        String info = Tshark.run(List.of("capinfos", "-t", "-E", "-i", file.toString()));
        assertTrue(info.contains("pcapng") || info.contains("Wireshark/... - pcapng"), info);
    }

    @Test
    void stopsAfterTheGivenCountWithACompleteFile() throws Exception {
        int port = FreePort.find();
        Path file = dir.resolve("ten.pcapng");
        CompletableFuture<Cli.Run> recording = Background.supply(
                () -> Cli.run("record", "--port", Integer.toString(port), "--count", "10", "-o", file.toString()));
        RecordingFile.awaitListening(file);
        ScriptedExchange.run(InetAddress.getLoopbackAddress(), port, 30, 11);
        Cli.Run run = recording.get(30, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("recorded 10 packets, 1 connection,"), run.out());
        // tshark counts the same 10 frames in the file.
        assertEquals(
                10, Tshark.run(List.of("tshark", "-r", file.toString())).lines().count());
    }

    @Test
    void refusesPortAndFilterTogether() {
        Cli.Run run = Cli.run(
                "record",
                "--port",
                "11000",
                "--filter",
                "tcp port 11001",
                "-o",
                dir.resolve("x.pcapng").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("replay-tcp: record takes --port N or --filter EXPR, not both"), run.err());
    }

    @Test
    void listsTheInterfacesWithTheLoopbackMarked() {
        Cli.Run run = Cli.run("record", "--list-interfaces");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("* lo") && l.endsWith("[loopback]")), run.out());
    }
}
