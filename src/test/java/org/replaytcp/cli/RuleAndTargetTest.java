package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.camel.ReplaySession;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * Rules are checked before anything connects or listens, survive the trip from the command line to the rule
 * compiler, and targets may be IPv6. Recorded bytes come from tshark's follow.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RuleAndTargetTest {

    private static final Path HTTP = Path.of("src/test/resources/captures/zeek-http-get.pcap");
    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aRegexThatDoesNotParseIsBadInputBeforeAnythingConnects() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Cli.Run run = Cli.run(
                    "client", SAMPLE.toString(), "--connect", "127.0.0.1:" + server.getLocalPort(), "--ignore", "(abc");
            assertEquals(2, run.exitCode(), run.out() + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("replay-tcp: --ignore: not a regular expression: (abc"), run.err());
            server.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, server::accept, "nothing may connect");
        }
    }

    @Test
    void aFrameRuleThatDoesNotParseIsBadInputBeforeTheServerRoleListens() throws Exception {
        int port = FreePort.find();
        long start = System.nanoTime();
        Cli.Run run =
                Cli.run("server", SAMPLE.toString(), "--listen", "127.0.0.1:" + port, "--ignore-bytes", "AA55:9-7");
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("replay-tcp: --ignore-bytes: 'AA55:9-7'"), run.err());
        assertEquals("", run.out());
        // Had it listened, it would have waited the 60 s accept timeout for a client.
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
        try (Socket probe = new Socket()) {
            assertThrows(
                    IOException.class,
                    () -> probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500));
        }
    }

    @Test
    void aRouteRuleThatDoesNotParseFailsWhenTheBeanIsConfigured() {
        ReplaySession session = new ReplaySession();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> session.setIgnore("(abc"));
        assertTrue(bad.getMessage().contains("(abc"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> session.setIgnoreBytes("AA55:9-7"));
    }

    /** Plays the client of zeek-http-get.pcap against a server whose answer says max=999 where it said max=100. */
    private Cli.Run replayAgainstOtherKeepAlive(String host, String... extra) throws Exception {
        Tshark.Followed recorded = Tshark.followAll(HTTP).get(0);
        byte[] answer = new String(recorded.fromNode1(), StandardCharsets.ISO_8859_1)
                .replace("Keep-Alive: timeout=5, max=100\r\n", "Keep-Alive: timeout=5, max=999\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(recorded.fromNode1().length, answer.length);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName(host))) {
            Future<byte[]> request = threads.submit(() -> {
                try (Socket socket = server.accept()) {
                    byte[] got = socket.getInputStream().readNBytes(recorded.fromNode0().length);
                    socket.getOutputStream().write(answer);
                    socket.shutdownOutput();
                    socket.getInputStream().readAllBytes();
                    return got;
                }
            });
            String target = host.contains(":") ? "[" + host + "]" : host;
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                    "client",
                    HTTP.toString(),
                    "--connect",
                    target + ":" + server.getLocalPort(),
                    "--top-speed",
                    "--await-timeout",
                    "5"));
            args.addAll(java.util.List.of(extra));
            Cli.Run run = Cli.run(args.toArray(String[]::new));
            assertArrayEquals(recorded.fromNode0(), request.get(20, TimeUnit.SECONDS), "what the server was sent");
            return run;
        }
    }

    @Test
    void aRegexEndingInAnEscapeKeepsItsBackslash() throws Exception {
        assertEquals(1, replayAgainstOtherKeepAlive("127.0.0.1").exitCode(), "unmasked, max=999 differs");
        Cli.Run masked = replayAgainstOtherKeepAlive("127.0.0.1", "--ignore", "max=(\\d+)\\r\\n");
        assertEquals(0, masked.exitCode(), masked.out() + masked.err());
        assertTrue(masked.out().contains(" identical "), masked.out());
    }

    @Test
    void theClientRoleConnectsToAnIpv6Target() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            assumeTrue(probe.getLocalPort() > 0);
        } catch (IOException noIpv6) {
            assumeTrue(false, "this machine has no IPv6 loopback");
        }
        Cli.Run run = replayAgainstOtherKeepAlive("::1", "--ignore", "max=(\\d+)\\r\\n");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains(" identical "), run.out());
    }
}
