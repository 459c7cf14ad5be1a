package org.replaytcp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records real loopback traffic with tcpdump, for tests that need captures made the way users make them.
 * Needs tcpdump and the privilege to capture (CI runs as root; {@code .ci/run} installs tcpdump).
 */
public final class LoopbackRecorder implements AutoCloseable {

    private final Process process;
    private final Path file;

    private LoopbackRecorder(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /**
     * Starts tcpdump and returns once it is listening.
     *
     * @param extraArgs such as {@code -i any} or {@code -y LINUX_SLL}; the default interface is {@code lo}
     */
    public static LoopbackRecorder start(Path file, int port, String... extraArgs) throws IOException {
        // -B: a 32 MB kernel buffer; the default 2 MB now and then overflows on "any" while the machine is busy.
        List<String> command = new ArrayList<>(List.of(
                "tcpdump",
                "-n",
                "-U",
                "--immediate-mode",
                "-B",
                "32768",
                "--time-stamp-precision=nano",
                "-w",
                file.toString()));
        boolean interfaceGiven = false;
        for (String arg : extraArgs) {
            interfaceGiven |= arg.equals("-i");
            command.add(arg);
        }
        if (!interfaceGiven) {
            command.add("-i");
            command.add("lo");
        }
        command.add("tcp port " + port);
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        // tcpdump says "listening on ..." on stderr once its filter is in place.
        StringBuilder said = new StringBuilder();
        var err = process.getErrorStream();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!said.toString().contains("listening on") && System.nanoTime() < deadline) {
            int c = err.read();
            if (c < 0) {
                throw new IOException(
                        "tcpdump ended before listening: " + said + " (exit " + waitQuietly(process) + ")");
            }
            said.append((char) c);
        }
        if (!said.toString().contains("listening on")) {
            process.destroyForcibly();
            throw new IOException("tcpdump did not start listening within 10 s: " + said);
        }
        // Keep draining stderr so tcpdump never blocks on it.
        Thread drain = new Thread(
                () -> {
                    try {
                        err.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException ignored) {
                        // the process is gone
                    }
                },
                "tcpdump-stderr");
        drain.setDaemon(true);
        drain.start();
        return new LoopbackRecorder(process, file);
    }

    private static int waitQuietly(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Stops tcpdump after letting the last packets reach the file (see FINDINGS: wait ~1 s). */
    @Override
    public void close() throws IOException {
        try {
            Thread.sleep(1000);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path file() {
        return file;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
