package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * {@code --connections LIST} replays only the recorded connections with those indices (the index {@code inspect}
 * shows, tshark's {@code tcp.stream}), in both roles, over real sockets; a list that names nothing in the capture,
 * or disagrees with {@code --port}, is exit 2 before anything connects or listens.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionsOptionTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");
    /** SMTP to port 25 (tshark streams 0-2) and an HTTP exchange to port 80 (stream 3). */
    private static final Path TWO_PORTS = Path.of("src/test/resources/captures/derived/multi-section-tcp.pcapng");

    @Test
    void theServerRoleServesTheFirstClientAsTheChosenConnection() throws Exception {
        Tshark.Followed second = Tshark.followAll(SAMPLE).get(1);
        int port = FreePort.find();
        CompletableFuture<Cli.Run> replay = Background.supply(() -> Cli.run(
                "server", SAMPLE.toString(), "--listen", "127.0.0.1:" + port, "--connections", "1", "--top-speed"));
        try (Socket daqbox = Cli.connectWhenListening(port)) {
            InputStream in = daqbox.getInputStream();
            byte[] greeting = in.readNBytes(20);
            daqbox.getOutputStream().write(second.fromNode0());
            daqbox.shutdownOutput();
            byte[] rest = in.readAllBytes();
            byte[] all = new byte[greeting.length + rest.length];
            System.arraycopy(greeting, 0, all, 0, greeting.length);
            System.arraycopy(rest, 0, all, greeting.length, rest.length);
            // Connection 0's server sent 115 bytes, connection 1's 59: the first client got connection 1's.
            assertArrayEquals(second.fromNode1(), all);
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("server 1 identical"), Cli.summaryRows(run.out()), run.out());
    }

    @Test
    void theClientRoleOpensOnlyTheChosenConnection() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        Tshark.Followed second = recorded.get(1);
        try (ServerSocket polyview = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = Background.supply(() -> {
                try (Socket client = polyview.accept()) {
                    client.getOutputStream().write(second.fromNode1());
                    return client.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Cli.Run run = Cli.run(
                    "client",
                    SAMPLE.toString(),
                    "--connect",
                    "127.0.0.1:" + polyview.getLocalPort(),
                    "--connections",
                    "1",
                    "--top-speed");
            assertArrayEquals(second.fromNode0(), received.get(30, TimeUnit.SECONDS));
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(List.of("client 1 identical"), Cli.summaryRows(run.out()), run.out());
            // The replay is over: any other connection it opened would be waiting to be accepted.
            polyview.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, polyview::accept, "a connection that was not chosen");
        }
    }

    @Test
    void theChosenConnectionsNameTheServerPortWhenTheCaptureHasSeveral() throws Exception {
        int nothingListens = FreePort.find();
        Cli.Run run = Cli.run(
                "client",
                TWO_PORTS.toString(),
                "--connect",
                "127.0.0.1:" + nothingListens,
                "--connections",
                "3",
                "--connect-timeout",
                "1");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("client 3 not-run"), Cli.summaryRows(run.out()), run.out());
    }

    @Test
    void aListThatDoesNotFitTheCaptureIsExitTwoInOneLine() {
        assertRefused(
                "replay-tcp: daqbox-polyview.pcapng: no connection 2, 9 (its connections: 0-1; inspect lists them)",
                "client",
                SAMPLE.toString(),
                "--connect",
                "127.0.0.1:9",
                "--connections",
                "1,2,9");
        assertRefused(
                "replay-tcp: --connections: '1-x' is not an index or a range such as 5-7 (in '0,1-x')",
                "server",
                SAMPLE.toString(),
                "--listen",
                "9",
                "--connections",
                "0,1-x");
        assertRefused(
                "replay-tcp: multi-section-tcp.pcapng: connections to several server ports (25, 80); "
                        + "choose one with --port N",
                "client",
                TWO_PORTS.toString(),
                "--connect",
                "127.0.0.1:9",
                "--connections",
                "0,3");
        assertRefused(
                "replay-tcp: multi-section-tcp.pcapng: connection 3 is to port 80, not 25 "
                        + "(--connections and --port disagree)",
                "client",
                TWO_PORTS.toString(),
                "--connect",
                "127.0.0.1:9",
                "--connections",
                "0-3",
                "--port",
                "25");
    }

    private static void assertRefused(String message, String... args) {
        Cli.Run run = Cli.run(args);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(message, run.err().strip());
        assertEquals("", run.out());
    }
}
