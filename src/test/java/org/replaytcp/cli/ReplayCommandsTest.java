package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * The replay commands over real loopback sockets, against plain java.net peers. Expected bytes per connection
 * and direction come from tshark's follow of the sample capture.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayCommandsTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private CompletableFuture<Cli.Run> start(String... args) {
        return CompletableFuture.supplyAsync(() -> Cli.run(args), threads);
    }

    @Test
    void serverRoleGreetsAndServesAPlainClientFromAnEphemeralPort() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        int port = FreePort.find();
        CompletableFuture<Cli.Run> replay =
                start("server", SAMPLE.toString(), "--listen", "127.0.0.1:" + port, "--speed", "4");
        List<Future<byte[]>> received = new ArrayList<>();
        List<Integer> localPorts = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            Socket socket = Cli.connectWhenListening(port);
            localPorts.add(socket.getLocalPort());
            byte[] toSend = recorded.get(i).fromNode0();
            received.add(threads.submit(() -> {
                try (socket) {
                    InputStream in = socket.getInputStream();
                    // The recorded server speaks first: its greeting must arrive before we say anything.
                    byte[] greeting = in.readNBytes(20);
                    socket.getOutputStream().write(toSend);
                    socket.shutdownOutput();
                    byte[] rest = in.readAllBytes();
                    byte[] all = new byte[greeting.length + rest.length];
                    System.arraycopy(greeting, 0, all, 0, greeting.length);
                    System.arraycopy(rest, 0, all, greeting.length, rest.length);
                    return all;
                }
            }));
        }
        for (int i = 0; i < recorded.size(); i++) {
            assertArrayEquals(
                    recorded.get(i).fromNode1(),
                    received.get(i).get(60, TimeUnit.SECONDS),
                    "what the server role sent on connection " + i);
            assertNotEquals(recorded.get(i).node0(), "127.0.0.1:" + localPorts.get(i), "a new client port");
        }
        Cli.Run run = replay.get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        // Verification is on by default: the client sent what DAQbox sent, so both connections are identical.
        assertEquals(2, run.out().lines().filter(l -> l.contains(" identical ")).count(), run.out());
    }

    @Test
    void clientRoleSendsEveryRecordedByteToASinkWithOverlappingConnections() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        try (ServerSocket sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Future<byte[]>> received = new ArrayList<>();
            List<Long> acceptedAt = new ArrayList<>();
            List<Long> endedAt = new ArrayList<>();
            Future<?> acceptor = threads.submit(() -> {
                for (int i = 0; i < recorded.size(); i++) {
                    Socket socket = sink.accept();
                    acceptedAt.add(System.nanoTime());
                    int index = i;
                    received.add(threads.submit(() -> {
                        try (socket) {
                            byte[] all = socket.getInputStream().readAllBytes();
                            synchronized (endedAt) {
                                while (endedAt.size() <= index) {
                                    endedAt.add(0L);
                                }
                                endedAt.set(index, System.nanoTime());
                            }
                            return all;
                        }
                    }));
                }
                return null;
            });
            Cli.Run run = start(
                            "client",
                            SAMPLE.toString(),
                            "--connect",
                            "127.0.0.1:" + sink.getLocalPort(),
                            "--no-await-peer",
                            "--no-verify")
                    .get(60, TimeUnit.SECONDS);
            acceptor.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < recorded.size(); i++) {
                assertArrayEquals(
                        recorded.get(i).fromNode0(),
                        received.get(i).get(10, TimeUnit.SECONDS),
                        "what the client role sent on connection " + i);
            }
            assertEquals(0, run.exitCode(), run.out() + run.err());
            // Recorded: connection 1 opened 0.7 s into connection 0, which lasted 2.6 s. So in the replay too.
            assertTrue(acceptedAt.get(1) < endedAt.get(0), "the two connections overlap");
            double openOffsetSeconds = (acceptedAt.get(1) - acceptedAt.get(0)) / 1e9;
            assertTrue(
                    openOffsetSeconds > 0.5 && openOffsetSeconds < 1.2,
                    "opened at its recorded offset: " + openOffsetSeconds);
        }
    }

    @Test
    void theDemoNeverOpensAConnectionTheRecordingDoesNotHave() throws Exception {
        // The server role counts and closes clients beyond the recorded connections: over several runs, none.
        for (int run = 0; run < 5; run++) {
            Cli.Run demo = start("demo").get(60, TimeUnit.SECONDS);
            assertEquals(0, demo.exitCode(), demo.out() + demo.err());
            assertTrue(!demo.out().contains("more client"), "run " + run + ": " + demo.out());
        }
    }

    @Test
    void bothRolesAgainstEachOtherAgreeWithTheRecording() throws Exception {
        Cli.Run run = start("demo").get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        // role, conn, client, server, "sent of recorded", "received of recorded", verdict, lag
        assertEquals(4, run.out().lines().filter(l -> l.contains(" identical ")).count(), run.out());
        assertTrue(
                !run.out().contains("more client"),
                "the client role opens no connection the recording lacks: " + run.out());
        for (String line :
                run.out().lines().filter(l -> l.contains(" identical ")).toList()) {
            // role, conn, client, server, live peer, sent, received, verdict, lag p99
            String[] columns = line.trim().split("\\s{2,}");
            assertTrue(columns[4].matches("127\\.0\\.0\\.1:\\d+"), "the live peer: " + line);
            for (String bytes : new String[] {columns[5], columns[6]}) {
                String[] parts = bytes.trim().split(" of ");
                assertEquals(parts[1], parts[0], line);
            }
        }
    }

    @Test
    void namesTheTargetWhenNothingListensAndExitsWith1() throws Exception {
        int port = FreePort.find();
        // --quiet: a run of over 2 s prints progress lines on stderr, by design; noise is what else would be there.
        Cli.Run run = start(
                        "client",
                        SAMPLE.toString(),
                        "--connect",
                        "127.0.0.1:" + port,
                        "--connect-timeout",
                        "1",
                        "--await-timeout",
                        "1",
                        "--quiet")
                .get(60, TimeUnit.SECONDS);
        assertEquals(1, run.exitCode());
        assertTrue(
                run.out()
                        .contains("client connection 0: could not connect to 127.0.0.1:" + port
                                + " within 1.0 s (Connection refused)"),
                run.out());
        assertEquals("", run.err(), "no stack trace, no log noise");
    }

    @Test
    void waitsForAServerThatStartsAfterTheReplay() throws Exception {
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(SAMPLE);
        int port = FreePort.find();
        CompletableFuture<Cli.Run> replay = start(
                "client",
                SAMPLE.toString(),
                "--connect",
                "127.0.0.1:" + port,
                "--no-await-peer",
                "--no-verify",
                "--connect-timeout",
                "20");
        Thread.sleep(1500); // the scenario, not a wait for a condition: Polyview is started after the tool
        try (ServerSocket late = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            List<Future<byte[]>> received = new ArrayList<>();
            for (int i = 0; i < recorded.size(); i++) {
                Socket socket = late.accept();
                received.add(threads.submit(() -> {
                    try (socket) {
                        return socket.getInputStream().readAllBytes();
                    }
                }));
            }
            for (int i = 0; i < recorded.size(); i++) {
                assertArrayEquals(
                        recorded.get(i).fromNode0(),
                        received.get(i).get(30, TimeUnit.SECONDS),
                        "connection " + i + " in its recorded order");
            }
            Cli.Run run = replay.get(60, TimeUnit.SECONDS);
            assertEquals(0, run.exitCode(), run.out());
            assertEquals(
                    2,
                    run.out().lines().filter(l -> l.contains(" not-verified ")).count(),
                    "--no-verify: nothing compared: " + run.out());
        }
    }

    @Test
    void asksForAPortWhenTheCaptureHasSeveralServerPorts() throws Exception {
        Cli.Run run = start(
                        "client",
                        "src/test/resources/captures/derived/multi-section-tcp.pcapng",
                        "--connect",
                        "127.0.0.1:9")
                .get(30, TimeUnit.SECONDS);
        assertEquals(2, run.exitCode());
        // tshark: the SMTP sessions go to port 25, the HTTP exchange to port 80.
        assertEquals(
                "replay-tcp: multi-section-tcp.pcapng: connections to several server ports (25, 80); "
                        + "choose one with --port N",
                run.err().strip());
    }

    @Test
    void refusesADeadlineThatIsNotAboveZeroBeforeConnecting() throws Exception {
        for (String deadline : List.of("0", "-1")) {
            Cli.Run run = start(
                            "client",
                            "samples/daqbox-polyview.pcapng",
                            "--connect",
                            "127.0.0.1:9",
                            "--deadline",
                            deadline)
                    .get(30, TimeUnit.SECONDS);
            assertEquals(2, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().startsWith("replay-tcp: --deadline must be above 0 seconds"), run.err());
        }
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String command : List.of("client", "server", "demo", "inspect")) {
            Cli.Run run = start(command, "--help").get(10, TimeUnit.SECONDS);
            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().startsWith("Usage: replay-tcp " + command), run.out());
        }
        Cli.Run client = start("client", "--help").get(10, TimeUnit.SECONDS);
        for (String flag : List.of(
                "--connect",
                "--port",
                "--speed",
                "--top-speed",
                "--max-gap",
                "--no-await-peer",
                "--await-timeout",
                "--connect-timeout",
                "--deadline")) {
            assertTrue(client.out().contains(flag), flag);
        }
        Cli.Run server = start("server", "--help").get(10, TimeUnit.SECONDS);
        for (String flag : List.of("--listen", "--port", "--speed", "--top-speed", "--accept-timeout", "--deadline")) {
            assertTrue(server.out().contains(flag), flag);
        }
    }

    /**
     * The README opens with the two jobs as commands, and the top-level help gives the same two: each job's command
     * line in the README's first code block is in {@code --help}, word for word after {@code replay-tcp}.
     */
    @Test
    void helpAndReadmeOpenWithTheSameTwoJobs() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        int block = readme.indexOf("```sh\n");
        assertTrue(block > 0 && block < readme.indexOf("## "), "the README's first block comes before any section");
        List<String> jobs = readme.substring(block + 6, readme.indexOf("```", block + 6))
                .lines()
                .map(line -> line.replaceFirst("\\s*#.*$", "").replaceFirst("^bin/replay-tcp ", "replay-tcp "))
                .toList();
        assertEquals(
                List.of("replay-tcp client CAPTURE --connect HOST:11000", "replay-tcp server CAPTURE --listen 11000"),
                jobs);
        Cli.Run help = Cli.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("test Polyview alone:  " + jobs.get(0)), help.out());
        assertTrue(help.out().contains("test DAQbox alone:    " + jobs.get(1)), help.out());
        for (String command : List.of("client", "server")) {
            assertTrue(Cli.run(command, "--help").out().contains("--connections=LIST"), command);
        }
    }

    @Test
    void versionIsThePomsVersion() throws Exception {
        java.util.regex.Matcher pom = java.util.regex.Pattern.compile(
                        "<artifactId>replay-tcp</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(java.nio.file.Files.readString(Path.of("pom.xml")));
        assertTrue(pom.find());
        Cli.Run run = Cli.run("--version");
        assertEquals(0, run.exitCode());
        assertEquals("replay-tcp " + pom.group(1), run.out().strip());
        Cli.Run shortForm = Cli.run("-V");
        assertEquals(0, shortForm.exitCode());
        assertEquals("replay-tcp " + pom.group(1), shortForm.out().strip());
        // Built without its subcommands: they are still there when the version is not all that is asked.
        Cli.Run help = Cli.run("--help");
        assertEquals(0, help.exitCode());
        for (String subcommand : List.of("inspect", "client", "server", "demo", "record")) {
            assertTrue(help.out().contains(subcommand), help.out());
        }
        Cli.Run versionAndMore = Cli.run("--version", "inspect");
        assertEquals(0, versionAndMore.exitCode(), versionAndMore.err());
    }

    @Test
    void refusesSpeedAndTopSpeedTogether() throws Exception {
        Cli.Run run = start("client", SAMPLE.toString(), "--connect", "127.0.0.1:9", "--speed", "2", "--top-speed")
                .get(10, TimeUnit.SECONDS);
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("mutually exclusive"), run.err());
    }
}
