package org.replaytcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.JarRunner;
import org.replaytcp.testing.SyntheticCapture;

/** The packaged jar, run as users run it. */
class JarIT {

    @TempDir
    Path dir;

    @Test
    void listsItsCommandsFromAnyDirectory() throws Exception {
        JarRunner.Result result = JarRunner.run(dir, List.of(), "--help");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("inspect"), result.out());
        assertTrue(result.out().contains("Usage: replay-tcp"), result.out());
    }

    @Test
    void inspectsACaptureGivenByAbsolutePath() throws Exception {
        Path capture = Path.of("src/test/resources/captures/zeek-http-get.pcap").toAbsolutePath();
        JarRunner.Result result = JarRunner.run(dir, List.of(), "inspect", capture.toString(), "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode connection =
                new ObjectMapper().readTree(result.out()).get("connections").get(0);
        assertEquals(5007, connection.get("serverToClientBytes").asInt());
    }

    @Test
    void failsWithOneLineAndExitCode2OnAFileThatIsNotACapture() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.pcapng"), "hello");
        JarRunner.Result result = JarRunner.run(dir, List.of(), "inspect", notes.toString());
        assertEquals(2, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("replay-tcp: notes.pcapng: "), result.err());
    }

    @Test
    void runsTheDemoFromAnyDirectory() throws Exception {
        JarRunner.Result result = JarRunner.run(dir, List.of(), "demo");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertEquals(
                4, result.out().lines().filter(l -> l.contains(" identical ")).count(), result.out());
        assertEquals("", result.err(), "nothing but the summary");
    }

    @Test
    void theServerRoleListensOnceWarmSoItsFirstClientIsAnsweredAtTheRecordedOffset() throws Exception {
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        // tshark: Polyview's greeting came 2.2 ms after DAQbox's SYN in connection 0.
        double greetingAfterSyn = Double.parseDouble(org.replaytcp.testing.Tshark.run(List.of(
                                "tshark",
                                "-r",
                                sample.toString(),
                                "-Y",
                                "tcp.stream == 0 && tcp.srcport == 11000 && tcp.len > 0",
                                "-T",
                                "fields",
                                "-e",
                                "frame.time_relative"))
                        .lines()
                        .findFirst()
                        .orElseThrow())
                - Double.parseDouble(org.replaytcp.testing.Tshark.run(List.of(
                                "tshark",
                                "-r",
                                sample.toString(),
                                "-Y",
                                "tcp.stream == 0 && tcp.flags.syn == 1 && tcp.flags.ack == 0",
                                "-T",
                                "fields",
                                "-e",
                                "frame.time_relative"))
                        .lines()
                        .findFirst()
                        .orElseThrow());
        int port = org.replaytcp.testing.FreePort.find();
        // Connection 1 is given up after its accept timeout: only connection 0's first byte is measured.
        java.util.concurrent.CompletableFuture<JarRunner.Result> replay =
                org.replaytcp.testing.Background.supply(() -> {
                    try {
                        return JarRunner.run(
                                dir,
                                List.of(),
                                "server",
                                sample.toString(),
                                "--listen",
                                "127.0.0.1:" + port,
                                "--accept-timeout",
                                "2",
                                "--quiet");
                    } catch (java.io.IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        // DAQbox connects the moment the port listens; a listener opened before the warm-up made it wait that out.
        long answeredAfterNanos;
        try (java.net.Socket daqbox = org.replaytcp.testing.Cli.connectWhenListening(port)) {
            long connected = System.nanoTime();
            assertTrue(daqbox.getInputStream().read() >= 0, "the greeting");
            answeredAfterNanos = System.nanoTime() - connected;
            daqbox.shutdownOutput();
            daqbox.getInputStream().readAllBytes();
        }
        replay.get(60, java.util.concurrent.TimeUnit.SECONDS);
        double lateMillis = answeredAfterNanos / 1e6 - greetingAfterSyn * 1000;
        assertTrue(lateMillis < 100, "the greeting came " + lateMillis + " ms after its recorded offset");
    }

    @Test
    void saysPlainlyThatNothingListensWithoutAStackTrace() throws Exception {
        int port = org.replaytcp.testing.FreePort.find();
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        JarRunner.Result result = JarRunner.run(
                dir,
                List.of(),
                "client",
                sample.toString(),
                "--connect",
                "127.0.0.1:" + port,
                "--connect-timeout",
                "1",
                "--await-timeout",
                "1",
                "--quiet");
        assertEquals(1, result.exitCode());
        assertTrue(result.out().contains("could not connect to 127.0.0.1:" + port), result.out());
        assertEquals("", result.err());
    }

    @Test
    void theDeadlineStopsAReplayWaitingForASilentPeerAndSaysWhatWasDone() throws Exception {
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        // What the recorded DAQbox sent on each connection, counted by tshark.
        java.util.Map<Integer, org.replaytcp.testing.Tshark.Followed> recorded =
                org.replaytcp.testing.Tshark.followAll(sample);
        // A Polyview that takes everything and answers nothing: with await-peer and a 60 s await timeout, only the
        // deadline ends the replay early.
        try (org.replaytcp.testing.SilentPeer silent = new org.replaytcp.testing.SilentPeer()) {
            Path report = dir.resolve("deadline.json");
            long start = System.nanoTime();
            JarRunner.Result result = JarRunner.run(
                    dir,
                    List.of(),
                    "client",
                    sample.toString(),
                    "--connect",
                    "127.0.0.1:" + silent.port(),
                    "--await-timeout",
                    "60",
                    "--deadline",
                    "2",
                    "--quiet",
                    "--report",
                    report.toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1, result.exitCode(), result.out() + result.err());
            assertTrue(seconds < 30, "stopped by the deadline, not by the 60 s await timeout: " + seconds + " s");
            assertTrue(
                    result.out()
                            .contains("deadline: the replay was stopped after 2 s; the summary shows what was done"),
                    result.out());
            for (org.replaytcp.testing.Tshark.Followed stream : recorded.values()) {
                assertTrue(
                        result.out().contains(" of " + stream.fromNode0().length + " "),
                        "the recorded total of every connection: " + stream.fromNode0().length + "\n" + result.out());
            }
            assertEquals("", result.err());
            JsonNode json = new ObjectMapper().readTree(report.toFile());
            assertEquals(recorded.size(), json.get("connections").size());
            assertEquals(false, json.get("succeeded").asBoolean());

            // A deadline that falls while the replay is still warming up (this hung on a lock-order inversion
            // between the run's snapshot and a starting session; Ctrl-C then would have hung the same way).
            JarRunner.Result early = JarRunner.run(
                    dir,
                    List.of(),
                    "client",
                    sample.toString(),
                    "--connect",
                    "127.0.0.1:" + silent.port(),
                    "--await-timeout",
                    "60",
                    "--deadline",
                    "0.3",
                    "--quiet");
            assertEquals(1, early.exitCode(), early.out() + early.err());
            assertTrue(early.out().contains("deadline: the replay was stopped after 0.3 s"), early.out());
        }
    }

    @Test
    void ctrlCPrintsWhatWasDoneAndExitsWith130() throws Exception {
        int port = org.replaytcp.testing.FreePort.find();
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        Path out = dir.resolve("out.txt");
        Process replay = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JarRunner.jar().toString(),
                        "server",
                        sample.toString(),
                        "--listen",
                        "127.0.0.1:" + port,
                        "--quiet",
                        "--report",
                        dir.resolve("interrupted.json").toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (java.net.Socket daqbox = connect(port)) {
            assertEquals(
                    "POLYVIEW 2.4 READY\r\n",
                    new String(daqbox.getInputStream().readNBytes(20), java.nio.charset.StandardCharsets.US_ASCII));
            new ProcessBuilder("kill", "-INT", Long.toString(replay.pid()))
                    .start()
                    .waitFor();
            assertTrue(replay.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "stopped");
        }
        assertEquals(130, replay.exitValue());
        String summary = Files.readString(out);
        assertTrue(summary.startsWith("role "), summary);
        assertTrue(summary.contains("server connection 0: interrupted"), summary);
        assertTrue(summary.contains("interrupted: the summary shows what was done"), summary);
        // Connection 1 had not started: listed with what the recording expects of it (tshark: the server sent 59
        // bytes and the client 3912 on it), and the report is written all the same.
        assertTrue(summary.contains("server connection 1: interrupted before it started"), summary);
        assertTrue(
                summary.lines()
                        .anyMatch(l -> l.startsWith("server     1")
                                && l.contains("0 of 59")
                                && l.contains("0 of 3912")
                                && l.contains("not-run")),
                summary);
        String report = Files.readString(dir.resolve("interrupted.json"));
        assertTrue(report.contains("\"expectedSentBytes\": 59") || report.contains("\"expectedSentBytes\":59"), report);
    }

    @Test
    void ctrlCInTheClientRolePrintsWhatWasDoneAndExitsWith130() throws Exception {
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        Path out = dir.resolve("client-out.txt");
        try (java.net.ServerSocket polyview =
                new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Process replay = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            JarRunner.jar().toString(),
                            "client",
                            sample.toString(),
                            "--connect",
                            "127.0.0.1:" + polyview.getLocalPort(),
                            "--quiet",
                            "--speed",
                            "0.5")
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (java.net.Socket daqbox = polyview.accept()) {
                // Polyview greets first, as recorded; then DAQbox's frames come.
                daqbox.getOutputStream()
                        .write("POLYVIEW 2.4 READY\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                daqbox.getInputStream().readNBytes(100); // the replay is under way
                new ProcessBuilder("kill", "-INT", Long.toString(replay.pid()))
                        .start()
                        .waitFor();
                assertTrue(replay.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "stopped");
            }
            assertEquals(130, replay.exitValue());
        }
        String summary = Files.readString(out);
        assertTrue(summary.startsWith("role "), summary);
        assertTrue(summary.contains("client connection 0: interrupted"), summary);
        assertTrue(summary.contains("interrupted: the summary shows what was done"), summary);
    }

    @Test
    void ctrlCInAnEndlessLoopSaysWhichRoundsWereDoneAndExitsWith130() throws Exception {
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        Path out = dir.resolve("loop-out.txt");
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket polyview =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            org.replaytcp.testing.Background.supply(() -> {
                while (!polyview.isClosed()) {
                    try {
                        java.net.Socket socket = polyview.accept();
                        accepted.incrementAndGet();
                        org.replaytcp.testing.Background.supply(() -> {
                            try (socket) {
                                socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (java.io.IOException reset) {
                                // the replay went away
                            }
                            return null;
                        });
                    } catch (java.io.IOException closed) {
                        return null;
                    }
                }
                return null;
            });
            Process replay = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            JarRunner.jar().toString(),
                            "client",
                            sample.toString(),
                            "--connect",
                            "127.0.0.1:" + polyview.getLocalPort(),
                            "--loop",
                            "0",
                            "--loop-gap",
                            "0.2",
                            "--top-speed",
                            "--no-verify",
                            "--no-await-peer",
                            "--quiet",
                            "--report",
                            dir.resolve("loop.json").toString())
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (accepted.get() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(20); // three rounds under way or done
            }
            new ProcessBuilder("kill", "-INT", Long.toString(replay.pid()))
                    .start()
                    .waitFor();
            assertTrue(replay.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "stopped");
            assertEquals(130, replay.exitValue());
        }
        String summary = Files.readString(out);
        assertTrue(summary.startsWith("round  role "), summary);
        java.util.regex.Matcher done = java.util.regex.Pattern.compile(
                        "(?m)^rounds 1-(\\d+): 2 connections each, not-verified$")
                .matcher(summary);
        assertTrue(done.find(), summary);
        assertTrue(Integer.parseInt(done.group(1)) >= 2, summary);
        assertTrue(summary.contains("\noverall: "), summary);
        assertTrue(summary.contains("interrupted: the summary shows what was done"), summary);
        String report = Files.readString(dir.resolve("loop.json"));
        assertTrue(report.contains("\"rounds\":{\"planned\":0,"), report);
    }

    @Test
    void warmsUpOverItsOwnLoopbackConnectionsAndThePeerSeesOnlyTheRecordedOnes() throws Exception {
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        try (org.replaytcp.testing.SilentPeer peer = new org.replaytcp.testing.SilentPeer()) {
            JarRunner.Result result = JarRunner.run(
                    dir,
                    List.of(),
                    "client",
                    sample.toString(),
                    "--connect",
                    "127.0.0.1:" + peer.port(),
                    "--no-await-peer",
                    "--no-verify",
                    "--quiet",
                    "--debug");
            assertEquals(0, result.exitCode(), result.out() + result.err());
            // --debug says how the warm-up went: connections over loopback to its own listener, then the clock
            java.util.regex.Matcher loopback = java.util.regex.Pattern.compile(
                            "warm-up: (\\d+) loopback connections in \\d+ ms")
                    .matcher(result.err());
            assertTrue(loopback.find(), result.err());
            assertTrue(Integer.parseInt(loopback.group(1)) > 0, loopback.group());
            // ... and the capture's reading, read once more before the clock starts (its 2 connections, again and
            // again)
            java.util.regex.Matcher reading = java.util.regex.Pattern.compile(
                            "client role: read (\\d+) events of the capture in \\d+ ms, warmed up the replay path in")
                    .matcher(result.err());
            assertTrue(reading.find(), result.err());
            assertTrue(Integer.parseInt(reading.group(1)) > 100, reading.group());
            // the sample has 2 connections: the peer saw those two, none of the warm-up's
            assertEquals(2, peer.accepted(), result.out());
        }
    }

    @Test
    void theServerRoleListensOnLoopbackOnlyAndOpensNoOtherListeningSocket() throws Exception {
        int port = org.replaytcp.testing.FreePort.find();
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        Process replay = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JarRunner.jar().toString(),
                        "server",
                        sample.toString(),
                        "--listen",
                        Integer.toString(port),
                        "--quiet")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            connect(port).close(); // it listens: a client came (and went)
            // ss: every listening TCP socket of the process, IPv4 and IPv6.
            Process ss = new ProcessBuilder("ss", "-Hltnp").start();
            String all = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            ss.waitFor();
            List<String> ours = all.lines()
                    .filter(l -> l.contains("pid=" + replay.pid() + ","))
                    .toList();
            assertEquals(1, ours.size(), all);
            // 127.0.0.1, as such or IPv4-mapped on a dual-stack socket; never 0.0.0.0, [::] or *.
            String local = ours.get(0).split("\\s+")[3];
            assertTrue(local.equals("127.0.0.1:" + port) || local.equals("[::ffff:127.0.0.1]:" + port), ours.get(0));
        } finally {
            replay.destroyForcibly().waitFor();
        }
    }

    @Test
    void recordEndedByCtrlCCompletesTheFileAndExitsZero() throws Exception {
        int port = org.replaytcp.testing.FreePort.find();
        Path file = dir.resolve("session.pcapng");
        Path out = dir.resolve("record-out.txt");
        Process record = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JarRunner.jar().toString(),
                        "record",
                        "--port",
                        Integer.toString(port),
                        "-o",
                        file.toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        org.replaytcp.testing.RecordingFile.awaitListening(file);
        org.replaytcp.testing.ScriptedExchange.Sent sent =
                org.replaytcp.testing.ScriptedExchange.run(java.net.InetAddress.getLoopbackAddress(), port, 10, 3);
        new ProcessBuilder("kill", "-INT", Long.toString(record.pid())).start().waitFor();
        assertTrue(record.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "stopped");
        assertEquals(0, record.exitValue(), Files.readString(out));
        assertTrue(
                Files.readString(out)
                        .matches("recorded \\d+ packets, 1 connection, " + sent.byClient().length
                                + " bytes client->server, " + sent.byServer().length + " bytes server->client: .*\\n"),
                Files.readString(out));
        // tshark reads the whole exchange from the file.
        org.replaytcp.testing.Tshark.Followed followed =
                org.replaytcp.testing.Tshark.followAll(file).get(0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(sent.byClient(), followed.fromNode0());
    }

    private static java.net.Socket connect(int port) throws Exception {
        for (int attempt = 0; ; attempt++) {
            java.net.Socket socket = new java.net.Socket();
            try {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                return socket;
            } catch (java.net.ConnectException refused) {
                socket.close();
                if (attempt > 300) {
                    throw refused;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void replays300MegabytesAtTopSpeedIntoAPausingReaderWithA128MegabyteHeap() throws Exception {
        // 3 connections x 100 MB in 60000-byte segments; byte i of each stream is (i % 251).
        Path big = dir.resolve("bulk.pcap");
        long perConnection = 100L * 1024 * 1024;
        SyntheticCapture.write(big, 3, perConnection, 60000);
        try (java.net.ServerSocket sink = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newCachedThreadPool();
            try {
                java.util.List<java.util.concurrent.Future<Long>> checked = new java.util.ArrayList<>();
                readers.submit(() -> {
                    for (int i = 0; i < 3; i++) {
                        java.net.Socket socket = sink.accept();
                        checked.add(readers.submit(() -> readSlowlyAndCheck(socket)));
                    }
                    return null;
                });
                JarRunner.Result result = JarRunner.run(
                        dir,
                        List.of("-Xmx128m"),
                        "client",
                        big.toString(),
                        "--connect",
                        "127.0.0.1:" + sink.getLocalPort(),
                        "--top-speed",
                        "--no-await-peer",
                        "--quiet");
                assertEquals(0, result.exitCode(), result.out() + result.err());
                for (java.util.concurrent.Future<Long> connection : checked) {
                    assertEquals(perConnection, connection.get(60, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertEquals(
                        3,
                        result.out()
                                .lines()
                                .filter(l -> l.contains(perConnection + " of " + perConnection))
                                .count(),
                        result.out());
            } finally {
                readers.shutdownNow();
            }
        }
    }

    @Test
    void replaysFiveThousandConnectionsWithA128MegabyteHeap() throws Exception {
        // 5000 request/response connections, a new one every millisecond, 5 exchanges 20 ms apart (~100 open at once).
        Path capture =
                org.replaytcp.testing.RequestResponse.record(dir.resolve("five-thousand.pcap"), 5000, 1_000, 5, 20_000);
        java.util.concurrent.ExecutorService peers = java.util.concurrent.Executors.newCachedThreadPool();
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket server =
                new java.net.ServerSocket(0, 4096, java.net.InetAddress.getLoopbackAddress())) {
            peers.submit(() -> {
                while (!server.isClosed()) {
                    java.net.Socket socket = server.accept();
                    accepted.incrementAndGet();
                    peers.submit(() -> {
                        org.replaytcp.testing.RequestResponse.serve(socket);
                        return null;
                    });
                }
                return null;
            });
            JarRunner.Result result = JarRunner.run(
                    dir,
                    List.of("-Xmx128m"),
                    "client",
                    capture.toString(),
                    "--connect",
                    "127.0.0.1:" + server.getLocalPort(),
                    "--quiet");
            assertEquals(
                    0,
                    result.exitCode(),
                    result.err()
                            + result.out()
                                    .lines()
                                    .filter(l -> !l.contains(" identical "))
                                    .limit(10)
                                    .toList());
            assertEquals(
                    5000,
                    result.out().lines().filter(l -> l.contains(" identical ")).count());
            assertEquals(5000, accepted.get(), "no connection the recording does not have");
        } finally {
            peers.shutdownNow();
        }
    }

    @Test
    void serverRolePushes200MegabytesToAPausingClientWithA128MegabyteHeap() throws Exception {
        Path big = dir.resolve("push.pcap");
        long perConnection = 100L * 1024 * 1024;
        SyntheticCapture.write(big, 2, perConnection, 60000, true);
        int port = org.replaytcp.testing.FreePort.find();
        java.util.concurrent.ExecutorService side = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            java.util.concurrent.Future<JarRunner.Result> replay = side.submit(() -> JarRunner.run(
                    dir,
                    List.of("-Xmx128m"),
                    "server",
                    big.toString(),
                    "--listen",
                    "127.0.0.1:" + port,
                    "--top-speed",
                    "--no-await-peer",
                    "--quiet"));
            for (int i = 0; i < 2; i++) {
                try (java.net.Socket daqbox = connect(port)) {
                    daqbox.shutdownOutput(); // the recorded client sent nothing but its FIN
                    assertEquals(perConnection, readSlowlyAndCheck(daqbox));
                }
            }
            JarRunner.Result result = replay.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.out() + result.err());
        } finally {
            side.shutdownNow();
        }
    }

    /** Reads in small bursts, stopping now and then, and checks every byte; returns how many came. */
    private static long readSlowlyAndCheck(java.net.Socket socket) throws Exception {
        try (socket) {
            java.io.InputStream in = socket.getInputStream();
            byte[] burst = new byte[4096];
            long offset = 0;
            long nextPause = 16L * 1024 * 1024;
            int n;
            while ((n = in.read(burst)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (burst[i] != (byte) ((offset + i) % 251)) {
                        throw new AssertionError("byte " + (offset + i) + " is " + burst[i]);
                    }
                }
                offset += n;
                if (offset >= nextPause) {
                    Thread.sleep(300); // the reader stops reading for a while
                    nextPause += 16L * 1024 * 1024;
                }
            }
            return offset;
        }
    }

    @Test
    void saysWhatToInstallWhenLibpcapIsMissingAndTheOtherCommandsStillWork() throws Exception {
        List<String> noLibpcap = List.of("-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so");
        JarRunner.Result record = JarRunner.run(dir, noLibpcap, "record", "--port", "9", "-o", "x.pcapng");
        assertEquals(2, record.exitCode());
        assertTrue(record.err().startsWith("replay-tcp: cannot load libpcap: install it"), record.err());
        JarRunner.Result inspect = JarRunner.run(
                dir,
                noLibpcap,
                "inspect",
                Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath().toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
    }

    @Test
    void readsACaptureManyTimesLargerThanItsHeap() throws Exception {
        // 40 connections x 8 MB = 320 MB of payload (about 335 MB on disk), read with a 32 MB heap.
        Path big = dir.resolve("big.pcap");
        long packets = SyntheticCapture.write(big, 40, 8L * 1024 * 1024, 1460);
        assertTrue(Files.size(big) > 10L * 32 * 1024 * 1024, "the file is at least ten times the heap");
        JarRunner.Result result = JarRunner.run(dir, List.of("-Xmx32m"), "inspect", big.toString(), "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(packets, json.get("packets").asLong());
        assertEquals(40, json.get("connections").size());
        for (JsonNode connection : json.get("connections")) {
            assertEquals(8L * 1024 * 1024, connection.get("clientToServerBytes").asLong());
            assertEquals("fin", connection.get("end").asText());
        }
    }
}
