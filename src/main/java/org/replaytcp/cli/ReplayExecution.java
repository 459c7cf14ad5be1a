package org.replaytcp.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.replay.ReplaySummary;
import org.replaytcp.report.ReportHtml;
import org.replaytcp.report.ReportJson;
import org.replaytcp.tcp.ConnectionSummary;
import picocli.CommandLine;

/** What {@code client}, {@code server} and {@code demo} share: run the routes, show progress, report, decide the exit code. */
final class ReplayExecution {

    /** The exit code of a replay stopped by Ctrl-C (128 + SIGINT), as shells expect. */
    static final int EXIT_INTERRUPTED = 130;

    private ReplayExecution() {
    }

    /** What the recording holds for the selected connections, for progress lines. */
    record Totals(int connections, long bytesToSend, double recordedSeconds) {
    }

    /** The totals of the selected connections, from the inspection the selection already made. */
    static Totals totals(ReplayLauncher.Selection selection, boolean client, boolean server) {
        int serverPort = selection.serverPort();
        int connections = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ConnectionSummary c : selection.inspection().connections()) {
            if (c.info().server().port() != serverPort) {
                continue;
            }
            connections += (client ? 1 : 0) + (server ? 1 : 0);
            bytes += (client ? c.clientToServerBytes() : 0) + (server ? c.serverToClientBytes() : 0);
            first = Math.min(first, c.firstNanos());
            last = Math.max(last, c.lastNanos());
        }
        return new Totals(connections, bytes, connections == 0 ? 0 : (last - first) / 1e9);
    }

    /**
     * Runs the replay and reports it.
     *
     * @return the exit code: 0 when every connection was replayed completely and no verified peer differed
     */
    static int run(CommandLine.Model.CommandSpec spec, Map<String, String> properties, VerifyOptions verify,
                   Totals totals, double speed, boolean topSpeed) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        properties.put("replay.verify", Boolean.toString(verify.verify));
        properties.put("replay.ignore", verify.ignoreProperty());
        properties.put("replay.ignore-bytes", String.join(",", verify.ignoreBytes));
        double expectedSeconds = topSpeed ? Double.NaN : totals.recordedSeconds() / speed;
        ProgressLine progress = verify.quiet ? null : new ProgressLine(err, System.console() != null, totals, expectedSeconds);
        // Ctrl-C: say what was done, then exit 130 (the JVM runs this hook on SIGINT and SIGTERM).
        java.util.concurrent.atomic.AtomicReference<org.replaytcp.camel.ReplayRun> running =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        Thread interrupted = new Thread(() -> {
            org.replaytcp.camel.ReplayRun run = running.get();
            if (!over.get() && run != null) {
                if (progress != null) {
                    progress.stop();
                }
                out.print(ReplaySummary.format(run.snapshot()));
                out.println("interrupted: the summary shows what was done");
                out.flush();
                Runtime.getRuntime().halt(EXIT_INTERRUPTED);
            }
        }, "replay-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        ReplayReport report;
        try {
            report = ReplayLauncher.run(properties, progress, running::set);
        } finally {
            over.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it sees the replay is over and does nothing
            }
        }
        for (Path file : verify.reports) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String content = name.endsWith(".json") ? ReportJson.format(report) + "\n"
                    : ReportHtml.format(report, String.valueOf(Path.of(properties.get("replay.capture")).getFileName()));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        out.print(ReplaySummary.format(report));
        out.flush();
        return report.succeeded() ? 0 : ErrorReporter.EXIT_FAILED;
    }
}
