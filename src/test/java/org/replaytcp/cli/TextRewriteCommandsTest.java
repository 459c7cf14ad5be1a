package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * {@code --rewrite} in the server role (replay-tcp plays Polyview, whose greeting and ACK lines are text) toward a
 * live DAQbox played here from tshark's bytes of connection 0: the greeting's version and the ACK numbers rewritten,
 * a length change refused before anything listens unless {@code --allow-resize}, and then what the client reads is
 * exactly the expected text (written out by hand below).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TextRewriteCommandsTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");
    private static final String ACK_COUNTER = "ACK (\\d+)=>ACK ${counter}";

    @Test
    void aReplacementOfAnotherLengthIsRefusedBeforeAnythingListens() {
        Cli.Run run = Cli.run(
                "server",
                SAMPLE.toString(),
                "--listen",
                "127.0.0.1:" + FreePort.find(),
                "--connections",
                "0",
                "--rewrite",
                ACK_COUNTER);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        // Offset 27: after the 20-byte greeting and "ACK 5\r\n" comes "ACK 10", the counter's second match.
        assertEquals(
                "replay-tcp: daqbox-polyview.pcapng: connection 0: --rewrite 'ACK (\\d+)=>ACK ${counter}' at offset "
                        + "27: 'ACK 10' would become 'ACK 2' (1 byte shorter); lengths never change silently: add "
                        + "--allow-resize to let them",
                run.err().strip());
        Cli.Run both = Cli.run(
                "server",
                SAMPLE.toString(),
                "--listen",
                "127.0.0.1:1",
                "--rewrite",
                ACK_COUNTER,
                "--allow-resize",
                "--fault",
                "reset@10");
        assertEquals(2, both.exitCode(), both.out() + both.err());
        assertTrue(both.err().contains("--allow-resize and --fault do not go together"), both.err());
    }

    @Test
    void theLiveClientReadsTheRewrittenGreetingAndAcks() throws Exception {
        byte[] daqbox = Tshark.followAll(SAMPLE).get(0).fromNode0();
        int port = FreePort.find();
        CompletableFuture<Cli.Run> server = Background.supply(() -> Cli.run(
                "server",
                SAMPLE.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--connections",
                "0",
                "--speed",
                "8",
                "--rewrite",
                "POLYVIEW 2\\.4=>POLYVIEW 2.5",
                "--rewrite",
                ACK_COUNTER,
                "--allow-resize",
                "--quiet"));
        String read;
        try (Socket socket = Cli.connectWhenListening(port)) {
            CompletableFuture<byte[]> answer = Background.supply(() -> {
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    socket.getInputStream().transferTo(bytes);
                    return bytes.toByteArray();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            socket.getOutputStream().write(daqbox); // all of DAQbox's side at once: Polyview's pace is the replay's
            socket.shutdownOutput();
            read = new String(answer.get(60, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
        }
        Cli.Run run = server.get(60, TimeUnit.SECONDS);
        StringBuilder expected = new StringBuilder("POLYVIEW 2.5 READY\r\n");
        for (int ack = 1; ack <= 12; ack++) { // the recording ACKs frames 5, 10, ..., 60
            expected.append("ACK ").append(ack).append("\r\n");
        }
        assertEquals(expected.toString(), read);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("server 0 identical"), Cli.summaryRows(run.out()));
        // 115 recorded bytes, 107 sent: "ACK 10" to "ACK 45" lost a digit each.
        assertTrue(
                run.out()
                        .contains("server connection 0: --rewrite made what we sent 8 bytes shorter (8 replacements "
                                + "of another length): our stream's offsets after them are shifted by as much"),
                run.out());
        assertTrue(run.out().contains("115 of 115"), run.out());
    }
}
