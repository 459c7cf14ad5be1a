package org.replaytcp.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.replaytcp.cli.ReplayTcpCli;
import org.replaytcp.replay.Verdict;

/** Runs the command line in-process, and connects to a replay that may not be listening yet. */
public final class Cli {

    /** Exit code and both outputs of one run. */
    public record Run(int exitCode, String out, String err) {}

    private Cli() {}

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ReplayTcpCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Plays the sample's client side toward 127.0.0.1:{@code port} at 4× its pace, without waiting for the peer
     * (await timeout 1 s), then {@code more} options.
     */
    public static Run sampleClient(int port, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "client",
                "samples/daqbox-polyview.pcapng",
                "--connect",
                "127.0.0.1:" + port,
                "--no-await-peer",
                "--await-timeout",
                "1",
                "--speed",
                "4"));
        args.addAll(java.util.List.of(more));
        return run(args.toArray(String[]::new));
    }

    /**
     * Waits until something listens on the loopback port, without connecting (a connection would count as a
     * client): asks {@code ss} for the listening sockets.
     */
    public static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            ss.waitFor();
            if (out.contains("LISTEN")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nothing listens on port " + port + ": " + out);
            }
            Thread.sleep(20);
        }
    }

    /** Connects as DAQbox does, from any local port; retries for up to 30 s while nothing listens yet. */
    public static Socket connectWhenListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return socket;
            } catch (ConnectException refused) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * The summary's connection rows as "role conn verdict" (a verdict is one of Verdict's JSON names); a loop's
     * rows, which start with their round, the same.
     */
    public static List<String> summaryRows(String out) {
        List<String> verdicts =
                Arrays.stream(Verdict.values()).map(Verdict::jsonName).toList();
        return out.lines()
                .filter(line -> line.trim().matches("(\\d+\\s+)?(client|server)\\s+\\d+\\s.*"))
                .map(line -> {
                    List<String> words = List.of(line.trim().split("\\s+"));
                    if (words.get(0).matches("\\d+")) {
                        words = words.subList(1, words.size()); // a loop's table starts with the round
                    }
                    String verdict = words.stream()
                            .filter(verdicts::contains)
                            .findFirst()
                            .orElse("?");
                    return words.get(0) + " " + words.get(1) + " " + verdict;
                })
                .toList();
    }
}
