package org.replaytcp.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.replaytcp.testing.SyntheticCapture;

/**
 * The benchmark suite behind {@code bench/run}: each figure next to a reference measured in the same run,
 * alternating runs, medians. Prints one line per figure, as the README's table has them.
 *
 * <p>Throughput (bulk, small) is timed at the sink, from the first byte to the last, for both tools: how fast the
 * bytes go, start-up apart (the JVM and Camel take ~1 s before the first byte, socat ~1 ms; start-up is its own
 * figure). The whole-process times are printed next to them.
 *
 * <p>Usage: {@code BenchSuite WORKDIR RUNS [figure ...]} with figures {@code bulk}, {@code small}, {@code memory},
 * {@code startup} (read and pacing have their own scripts, which bench/run calls).
 */
public final class BenchSuite {

    private static Path jar;
    private static Path work;

    private BenchSuite() {}

    public static void main(String[] args) throws Exception {
        work = Files.createDirectories(Path.of(args[0]));
        int runs = Integer.parseInt(args[1]);
        jar = Path.of("target/replay-tcp.jar").toAbsolutePath();
        List<String> figures =
                args.length > 2 ? List.of(args).subList(2, args.length) : List.of("bulk", "small", "startup", "memory");
        for (String figure : figures) {
            switch (figure) {
                case "bulk" -> bulk(runs);
                case "small" -> small(runs);
                case "startup" -> startup(runs);
                case "memory" -> memory();
                default -> throw new IllegalArgumentException(figure);
            }
        }
    }

    /** ~300 MB in 64 KB segments, client role at top speed into a fast sink, against socat sending the same bytes. */
    private static void bulk(int runs) throws Exception {
        Path capture = work.resolve("bulk.pcap");
        Path raw = work.resolve("bulk.raw");
        long bytes = 300L * 1024 * 1024;
        if (!Files.exists(capture)) {
            SyntheticCapture.write(capture, 1, bytes, 65_000);
        }
        if (!Files.exists(raw)) {
            try (OutputStream out = Files.newOutputStream(raw)) {
                byte[] block = new byte[65_000];
                for (long sent = 0; sent < bytes; sent += block.length) {
                    int n = (int) Math.min(block.length, bytes - sent);
                    for (int i = 0; i < n; i++) {
                        block[i] = (byte) ((sent + i) % 251);
                    }
                    out.write(block, 0, n);
                }
            }
        }
        Throughput run = throughput(
                runs, bytes, capture, port -> List.of("socat", "-u", raw.toString(), "TCP:127.0.0.1:" + port));
        report(
                "bulk replay, 300 MB in 64 KB segments",
                run.ours(),
                "socat -u",
                run.reference(),
                String.format(
                        Locale.ROOT,
                        "%.0f MB/s vs %.0f MB/s; whole process %.2f s",
                        bytes / 1e6 / run.ours(),
                        bytes / 1e6 / run.reference(),
                        run.oursWholeProcess()));
    }

    /** 1 M segments of 100 bytes at top speed, against a plain Java blocking-socket loop with TCP_NODELAY. */
    private static void small(int runs) throws Exception {
        Path capture = work.resolve("small.pcap");
        int segments = 1_000_000;
        if (!Files.exists(capture)) {
            SyntheticCapture.write(capture, 1, segments * 100L, 100);
        }
        Throughput run = throughput(
                runs,
                segments * 100L,
                capture,
                port -> List.of(
                        java(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        PlainSender.class.getName(),
                        Integer.toString(port),
                        Integer.toString(segments),
                        "100"));
        report(
                "small segments, 1 M x 100 bytes",
                run.ours(),
                "plain Java socket loop",
                run.reference(),
                String.format(
                        Locale.ROOT,
                        "%.0f k seg/s vs %.0f k seg/s; whole process %.2f s",
                        segments / 1e3 / run.ours(),
                        segments / 1e3 / run.reference(),
                        run.oursWholeProcess()));
    }

    /** Medians of a throughput figure: first to last byte at the sink for both tools, and our whole process. */
    private record Throughput(double ours, double reference, double oursWholeProcess) {}

    /**
     * Alternates the reference ({@code reference} gives its command for a sink port) and a client-role replay of
     * {@code capture} at top speed, each into a fresh sink that must get {@code bytes}.
     */
    private static Throughput throughput(
            int runs, long bytes, Path capture, java.util.function.IntFunction<List<String>> reference)
            throws Exception {
        double[] ours = new double[runs];
        double[] ref = new double[runs];
        double[] oursWhole = new double[runs];
        for (int r = 0; r < runs; r++) {
            try (Sink sink = new Sink()) {
                timed(reference.apply(sink.port()));
                sink.awaitBytes(bytes);
                ref[r] = sink.firstToLastSeconds();
            }
            try (Sink sink = new Sink()) {
                // Through the launcher, the usual way to run it (its class archive is made by the first replay).
                oursWhole[r] = timed(List.of(
                        launcher(),
                        "client",
                        capture.toString(),
                        "--connect",
                        "127.0.0.1:" + sink.port(),
                        "--top-speed",
                        "--no-await-peer",
                        "--quiet"));
                sink.awaitBytes(bytes);
                ours[r] = sink.firstToLastSeconds();
            }
        }
        return new Throughput(median(ours), median(ref), median(oursWhole));
    }

    /**
     * From launching the process to the first byte arriving, against a minimal Java program that connects and
     * sends: through {@code bin/replay-tcp} (with its class archive, made by one run beforehand) and through
     * {@code java -jar}, in alternating runs. The launcher uses the JVM the bench runs on (JAVA_HOME).
     */
    private static void startup(int runs) throws Exception {
        Path sample = Path.of("samples/daqbox-polyview.pcapng").toAbsolutePath();
        List<String> replay = List.of(
                "client",
                sample.toString(),
                "--connect",
                "127.0.0.1:PORT",
                "--top-speed",
                "--no-await-peer",
                "--quiet",
                "--await-timeout",
                "0");
        List<String> jarCommand = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        jarCommand.addAll(replay);
        List<String> launcherCommand = new ArrayList<>(List.of(launcher()));
        launcherCommand.addAll(replay);
        firstByte(launcherCommand); // makes the launcher's archive if it has none for this jar and JVM
        awaitArchive();
        double[] ours = new double[runs];
        double[] launched = new double[runs];
        double[] ref = new double[runs];
        for (int r = 0; r < runs; r++) {
            ref[r] = firstByte(List.of(
                    java(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    PlainSender.class.getName(),
                    "PORT",
                    "1",
                    "1"));
            ours[r] = firstByte(jarCommand);
            launched[r] = firstByte(launcherCommand);
        }
        report("start-up, java -jar to first byte", median(ours), "minimal Java sender", median(ref), "");
        report(
                "start-up, bin/replay-tcp to first byte",
                median(launched),
                "minimal Java sender",
                median(ref),
                "(with its class archive)");
    }

    /** On Java 25 the launcher makes its AOT cache in the background after the first run: wait until it is there. */
    private static void awaitArchive() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (java.util.stream.Stream<Path> files = Files.list(jar.getParent())) {
                if (files.noneMatch(f -> f.getFileName().toString().contains(".tmp"))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    /** Seconds from starting {@code command} (PORT replaced by a sink's port) to the sink's first byte. */
    private static double firstByte(List<String> command) throws Exception {
        try (Sink sink = new Sink()) {
            String port = Integer.toString(sink.port());
            List<String> resolved =
                    command.stream().map(a -> a.replace("PORT", port)).toList();
            long start = System.nanoTime();
            Process p = withThisJvm(new ProcessBuilder(resolved))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            double seconds = (sink.firstByteNanos() - start) / 1e9;
            p.waitFor(60, TimeUnit.SECONDS);
            p.destroyForcibly();
            return seconds;
        }
    }

    /** A 2 GB capture replayed with -Xmx256m at top speed: does it finish, and in how long. */
    private static void memory() throws Exception {
        Path capture = work.resolve("memory-2g.pcap");
        long bytes = 2L * 1024 * 1024 * 1024;
        if (!Files.exists(capture)) {
            SyntheticCapture.write(capture, 4, bytes / 4, 65_000);
        }
        try (Sink sink = new Sink()) {
            List<String> command = List.of(
                    java(),
                    "-Xmx256m",
                    "-jar",
                    jar.toString(),
                    "client",
                    capture.toString(),
                    "--connect",
                    "127.0.0.1:" + sink.port(),
                    "--top-speed",
                    "--no-await-peer",
                    "--quiet");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long start = System.nanoTime();
            int exit = p.waitFor(30, TimeUnit.MINUTES) ? p.exitValue() : -1;
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %s in %.1f s with -Xmx256m (%d of %d bytes delivered)%n",
                    "memory, 2 GB capture",
                    exit == 0 ? "replayed" : "FAILED (exit " + exit + ")",
                    seconds,
                    sink.bytes(),
                    bytes);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The launcher, as users run it. */
    private static String launcher() {
        return Path.of("bin/replay-tcp").toAbsolutePath().toString();
    }

    /** The launcher finds the JVM through JAVA_HOME: the one this bench runs on, as {@link #java()} is. */
    private static ProcessBuilder withThisJvm(ProcessBuilder builder) {
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    private static double timed(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = withThisJvm(new ProcessBuilder(command))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void report(String figure, double ours, String reference, double ref, String extra) {
        System.out.printf(
                Locale.ROOT,
                "%-44s %8.3f s  %-24s %8.3f s  ratio %5.2fx  %s%n",
                figure,
                ours,
                reference,
                ref,
                ref / ours,
                extra);
    }

    /** Accepts connections on loopback and reads them as fast as it can, counting bytes. */
    static final class Sink implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong firstByte = new AtomicLong();
        private final AtomicLong lastByte = new AtomicLong();
        private final List<Thread> readers = new ArrayList<>();
        private final Thread acceptor;

        Sink() throws Exception {
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = listener.accept();
                        Thread reader = new Thread(() -> read(socket));
                        reader.setDaemon(true);
                        reader.start();
                    }
                } catch (Exception closed) {
                    // the benchmark is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void read(Socket socket) {
            try (socket;
                    InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    long now = System.nanoTime();
                    firstByte.compareAndSet(0, now);
                    lastByte.accumulateAndGet(now, Math::max);
                    bytes.addAndGet(n);
                }
            } catch (Exception ignored) {
                // closed
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        long bytes() {
            return bytes.get();
        }

        long firstByteNanos() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (firstByte.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            return firstByte.get();
        }

        /** From the first byte received to the last, over all connections. */
        double firstToLastSeconds() {
            return (lastByte.get() - firstByte.get()) / 1e9;
        }

        void awaitBytes(long expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (bytes.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (bytes.get() != expected) {
                throw new IllegalStateException("sink got " + bytes.get() + " of " + expected + " bytes");
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
        }
    }
}
