package org.replaytcp.bench;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.replaytcp.testing.RequestResponse;

/**
 * Many connections against a live peer that answers like the recording (see {@link RequestResponse}; one thread on
 * one selector, {@link NioPeers}), in one role:
 * a new connection every millisecond, each with 5 exchanges; the replay runs as its own process, through the
 * launcher, with -Xmx256m.
 * Prints the verdicts, the replay's duration against the recording's, the lateness of our sends (the report's
 * timing) and the process's peak RSS.
 *
 * <p>Usage: {@code ScaleBench WORKDIR client|server CONNECTIONS EXCHANGE_GAP_MS}; {@code -Dextra=FLAG} adds one flag
 * to the replay's command (e.g. {@code --no-await-peer} or {@code --debug}), {@code BENCH_JAVA_OPTS} JVM options.
 */
public final class ScaleBench {

    private static final int EXCHANGES = 5;

    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        String role = args[1];
        int connections = Integer.parseInt(args[2]);
        long gapMillis = Long.parseLong(args[3]);
        Files.createDirectories(work);
        Path capture = RequestResponse.record(
                work.resolve("scale-" + connections + "-" + gapMillis + ".pcap"),
                connections,
                1_000,
                EXCHANGES,
                gapMillis * 1_000);
        Path report = work.resolve("scale-report.json");
        Files.deleteIfExists(report);
        double recordedSeconds = ((connections - 1) * 1_000L + EXCHANGES * gapMillis * 1_000 + 3) / 1e6;
        ExecutorService peers = Executors.newCachedThreadPool();
        try {
            Result result = role.equals("client")
                    ? client(work, capture, report)
                    : server(work, capture, report, peers, connections, gapMillis);
            // The report's contract fields, read without a JSON library (bench/run's class path is the jar's).
            String json = Files.readString(report);
            long identical = java.util.regex.Pattern.compile("\"verdict\": ?\"identical\"")
                    .matcher(json)
                    .results()
                    .count();
            double seconds = number(json, "durationSeconds");
            System.out.printf(
                    Locale.ROOT,
                    "%s role, %d connections, exchanges %d ms apart: %d identical, exit %d; "
                            + "replay %.2f s for %.2f s recorded (%.3fx); lateness p50 %d us, p99 %d us, max %d us; "
                            + "peak RSS %d MB (-Xmx256m)%n",
                    role,
                    connections,
                    gapMillis,
                    identical,
                    result.exitCode(),
                    seconds,
                    recordedSeconds,
                    seconds / recordedSeconds,
                    (long) number(json, "p50Micros"),
                    (long) number(json, "p99Micros"),
                    (long) number(json, "maxMicros"),
                    result.peakRssKb() / 1024);
        } finally {
            peers.shutdownNow();
        }
    }

    private record Result(int exitCode, long peakRssKb) {}

    /** The first number named {@code field} in the report's text. */
    private static double number(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\": ?(-?[0-9.]+)")
                .matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static Result client(Path work, Path capture, Path report) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            int port = ((java.net.InetSocketAddress) server.getLocalAddress()).getPort();
            NioPeers.serve(server);
            return replay(
                    work,
                    "client",
                    capture.toString(),
                    "--connect",
                    "127.0.0.1:" + port,
                    System.getProperty("extra", "--verify"),
                    "--report",
                    report.toString());
        }
    }

    private static Result server(
            Path work, Path capture, Path report, ExecutorService peers, int connections, long gapMillis)
            throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        int listenPort = port;
        Future<Result> replay = peers.submit(() -> replay(
                work,
                "server",
                capture.toString(),
                "--listen",
                "127.0.0.1:" + listenPort,
                System.getProperty("extra", "--verify"),
                "--report",
                report.toString()));
        org.replaytcp.testing.Cli.awaitListening(port);
        // One new connection per millisecond, as recorded; each pauses (gap - 1) ms after an answer, as the
        // recording's client did (its next question came one gap after the last, the answer 0.5 ms after that).
        int wrong = NioPeers.ask(
                port,
                connections,
                TimeUnit.MILLISECONDS.toNanos(1),
                EXCHANGES,
                TimeUnit.MILLISECONDS.toNanos(gapMillis - 1));
        if (wrong > 0) {
            System.out.println(wrong + " client(s) got an answer they did not expect");
        }
        return replay.get(300, TimeUnit.SECONDS);
    }

    /**
     * Runs the replay through the launcher (bin/replay-tcp, with this JVM and -Xmx256m, plus BENCH_JAVA_OPTS), polling
     * the peak RSS (VmHWM) of the JVM until it ends: the launcher's own process, which becomes the JVM, or its child
     * when the launcher stays to keep the archive a first replay makes.
     */
    private static Result replay(Path work, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of("bin/replay-tcp").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        command.add("--quiet");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(work.resolve("scale-out.txt").toFile())
                .redirectError(work.resolve("scale-err.txt").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment()
                .put("JAVA_OPTS", ("-Xmx256m " + System.getenv().getOrDefault("BENCH_JAVA_OPTS", "")).trim());
        Process process = builder.start();
        long peak = 0;
        while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
            List<ProcessHandle> family = new ArrayList<>(List.of(process.toHandle()));
            process.descendants().forEach(family::add);
            for (ProcessHandle member : family) {
                peak = Math.max(peak, peakRssKb(member.pid()));
            }
        }
        return new Result(process.exitValue(), peak);
    }

    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException gone) {
            // it ended between the two calls
        }
        return 0;
    }
}
