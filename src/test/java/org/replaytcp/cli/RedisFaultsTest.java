package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.Cli;
import org.replaytcp.testing.FreePort;

/**
 * Each fault kind against a real program: redis-server (Debian package), fed connection 2 of a real redis-benchmark
 * capture (tcpdump's {@code resp_1_benchmark.pcap}: {@code SET key:000000000943 xxx}, 45 bytes, answered {@code +OK}).
 * What redis did is checked through redis itself (is the key there, does it still answer), and the report must say
 * it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RedisFaultsTest {

    private static final Path CAPTURE = Path.of("src/test/resources/captures/tcpdump-resp_1_benchmark.pcap");
    private static final String KEY = "key:000000000943";
    private static Process redis;
    private static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/redis-server")),
                "redis-server is not installed (.ci/run installs it)");
        port = FreePort.find();
        redis = new ProcessBuilder(
                        "/usr/bin/redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                assertEquals("+PONG\r\n", ask("PING"));
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One inline command to redis on a fresh connection, and its one-line answer. */
    private static String ask(String command) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            for (int b; (b = socket.getInputStream().read()) >= 0; ) {
                line.append((char) b);
                if (line.toString().endsWith("\r\n")) {
                    break;
                }
            }
            return line.toString();
        }
    }

    private static Cli.Run replay(Path json, String fault) {
        return Cli.run(
                "client",
                CAPTURE.toString(),
                "--connect",
                "127.0.0.1:" + port,
                "--connections",
                "2",
                "--await-timeout",
                "3",
                "--quiet",
                "--fault",
                fault,
                "--report",
                json.toString());
    }

    private static String line(Cli.Run run, String start) {
        return run.out()
                .lines()
                .filter(l -> l.startsWith(start))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + start + "' in\n" + run.out()));
    }

    /** Redis's own count of something in INFO ({@code total_connections_received}, {@code connected_clients}). */
    private static long info(String field) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("INFO\r\n".getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            String header = "";
            for (int b; (b = in.read()) >= 0 && !header.endsWith("\r\n"); ) {
                header += (char) b;
            }
            byte[] body = in.readNBytes(Integer.parseInt(header.trim().substring(1)));
            String text = new String(body, StandardCharsets.US_ASCII);
            return Long.parseLong(text.replaceFirst("(?s).*\r\n" + field + ":(\\d+)\r\n.*", "$1"));
        }
    }

    /**
     * A soak: 30 rounds of the capture's PING, PING, SET, GET and MSET connections (answers that do not depend on
     * how often they ran) at the recorded pace. Every round is identical, redis still answers, and it saw exactly
     * the 150 connections of the 30 rounds, none left open.
     */
    @Test
    void redisTakesThirtyRoundsAndEveryRoundIsAsRecorded(@TempDir Path dir) throws Exception {
        assertEquals("+OK\r\n", ask("SET key:000000000199 xxx")); // what connection 3 GETs, as recorded
        long before = info("total_connections_received");
        Path json = dir.resolve("soak.json");
        Cli.Run run = Cli.run(
                "client",
                CAPTURE.toString(),
                "--connect",
                "127.0.0.1:" + port,
                "--connections",
                "0-3,14",
                "--loop",
                "30",
                "--quiet",
                "--report",
                json.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("rounds 1-30 of 30: 5 connections each, identical\n"), run.out());
        assertTrue(run.out().contains("overall: 30 rounds, 150 connections, identical\n"), run.out());
        assertEquals(150, info("total_connections_received") - before - 1, "the soak's connections, and INFO's own");
        assertEquals(1, info("connected_clients"), "only this INFO's connection is open");
        assertEquals("+PONG\r\n", ask("PING"));
        assertTrue(Files.readString(json).contains("\"played\":30"), Files.readString(json));
    }

    /** A reset in one round of a soak: that round says so, the others are identical, redis goes on serving. */
    @Test
    void aResetInRoundThreeOfASoakIsReportedThereAndRedisGoesOn() throws Exception {
        assertEquals("+OK\r\n", ask("SET key:000000000199 xxx"));
        Cli.Run run = Cli.run(
                "client",
                CAPTURE.toString(),
                "--connect",
                "127.0.0.1:" + port,
                "--connections",
                "0-3,14",
                "--loop",
                "5",
                "--await-timeout",
                "3",
                "--quiet",
                "--fault",
                "reset@20,conn=2,round=3");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("rounds 1-2 of 5: 5 connections each, identical\n"), run.out());
        assertTrue(
                run.out().contains("round 3 of 5: 5 connections, 4 identical, 1 shorter, 1 incomplete\n"), run.out());
        assertTrue(run.out().contains("rounds 4-5 of 5: 5 connections each, identical\n"), run.out());
        assertTrue(
                line(run, "client connection 2 (round 3): fault reset@20,conn=2,round=3:")
                        .endsWith("20 of 45 bytes delivered"),
                run.out());
        assertEquals("+PONG\r\n", ask("PING"));
    }

    @Test
    void resetAndCloseMidCommandLeaveTheKeyUnsetAndRedisServing(@TempDir Path dir) throws Exception {
        for (String fault : new String[] {"reset@20,conn=2", "close@20,conn=2"}) {
            ask("DEL " + KEY); // a clean start
            Cli.Run run = replay(dir.resolve("r.json"), fault);
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertTrue(
                    line(run, "client connection 2: fault " + fault + ":")
                            .equals("client connection 2: fault " + fault + ": 20 of 45 bytes delivered"),
                    run.out());
            assertTrue(
                    line(run, "client connection 2: fault " + fault + " at ")
                            .endsWith("the peer had sent 0 bytes; we read nothing after it"),
                    run.out());
            assertEquals(":0\r\n", ask("EXISTS " + KEY), fault + ": redis never got the whole SET");
            assertEquals("+PONG\r\n", ask("PING"), fault + ": redis still serves");
        }
    }

    @Test
    void aHalfCloseMidCommandIsAnsweredByRedisClosingTheConnection(@TempDir Path dir) throws Exception {
        ask("DEL " + KEY);
        Path json = dir.resolve("r.json");
        Cli.Run run = replay(json, "half-close@20,conn=2");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        String said = line(run, "client connection 2: fault half-close@20,conn=2 at ");
        assertTrue(
                said.matches(".* s: the peer sent 0 bytes after it and closed the connection \\d+\\.\\d{3} s later"),
                said);
        String report = Files.readString(json);
        assertTrue(report.contains("\"peerBytesAfter\":0,\"peerEnd\":\"closed\""), report);
        assertEquals(":0\r\n", ask("EXISTS " + KEY));
        assertEquals("+PONG\r\n", ask("PING"));
    }

    @Test
    void aCorruptedCommandNameIsRefusedByRedisAndTheVerdictSaysWhere(@TempDir Path dir) throws Exception {
        ask("DEL " + KEY);
        // Byte 8 is the S of SET (tshark: 2a 33 0d 0a 24 33 0d 0a 53 45 54): redis gets an unknown command.
        Cli.Run run = replay(dir.resolve("r.json"), "corrupt@8,conn=2");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(line(run, "client     2").contains("differs"), run.out());
        assertTrue(
                line(run, "client connection 2: first difference at offset 0").length() > 0, run.out());
        String said = line(run, "client connection 2: fault corrupt@8,conn=2 at ");
        long after = Long.parseLong(said.replaceFirst(".*the peer sent (\\d+) bytes after it.*", "$1"));
        assertTrue(after > 0, said); // its error line
        assertEquals(":0\r\n", ask("EXISTS " + KEY));
        assertEquals("+PONG\r\n", ask("PING"));
    }

    @Test
    void aStalledCommandIsCompletedLateAndAnsweredAsRecorded(@TempDir Path dir) throws Exception {
        ask("DEL " + KEY);
        long start = System.nanoTime();
        Cli.Run run = replay(dir.resolve("r.json"), "stall:1.5@20,conn=2");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1500), "the stall took its time");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(
                line(run, "client     2").contains("45 of 45")
                        && line(run, "client     2").contains("identical"),
                run.out());
        String said = line(run, "client connection 2: fault stall:1.5@20,conn=2 at ");
        assertTrue(said.contains("the peer sent 5 bytes after it"), said); // +OK\r\n
        assertEquals(":1\r\n", ask("EXISTS " + KEY));
        assertEquals("+PONG\r\n", ask("PING"));
    }
}
