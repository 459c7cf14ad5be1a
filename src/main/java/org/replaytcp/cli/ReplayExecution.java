package org.replaytcp.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.LatenessHistogram;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.replay.ReplaySummary;
import org.replaytcp.replay.Timeline;
import org.replaytcp.replay.Verdict;
import org.replaytcp.report.ReportHtml;
import org.replaytcp.report.ReportJson;
import org.replaytcp.tcp.ConnectionSummary;
import picocli.CommandLine;

/** What {@code client}, {@code server} and {@code demo} share: run the routes, show progress, report, decide the exit code. */
final class ReplayExecution {

    /** The exit code of a replay stopped by Ctrl-C (128 + SIGINT), as shells expect. */
    static final int EXIT_INTERRUPTED = 130;

    private ReplayExecution() {}

    /** What the recording holds for the selected connections, for progress lines. */
    record Totals(int connections, long bytesToSend, double recordedSeconds, List<ConnectionResult> notStarted) {}

    /** The totals of the selected connections, from the inspection the selection already made. */
    static Totals totals(ReplayLauncher.Selection selection, boolean client, boolean server) {
        int connections = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<ConnectionResult> notStarted = new ArrayList<>();
        for (ConnectionSummary c : selection.inspection().connections()) {
            if (!selection.plays(c)) {
                continue;
            }
            connections += (client ? 1 : 0) + (server ? 1 : 0);
            bytes += (client ? c.clientToServerBytes() : 0) + (server ? c.serverToClientBytes() : 0);
            first = Math.min(first, c.firstNanos());
            last = Math.max(last, c.lastNanos());
            for (boolean playClient : new boolean[] {true, false}) {
                if (playClient ? client : server) {
                    notStarted.add(notStarted(c, playClient));
                }
            }
        }
        return new Totals(connections, bytes, connections == 0 ? 0 : (last - first) / 1e9, notStarted);
    }

    /** What the recording expects of a connection the replay had not started when it was interrupted. */
    private static ConnectionResult notStarted(ConnectionSummary c, boolean playClient) {
        long ours = playClient ? c.clientToServerBytes() : c.serverToClientBytes();
        long theirs = playClient ? c.serverToClientBytes() : c.clientToServerBytes();
        return new ConnectionResult(
                playClient ? "client" : "server",
                c.info().index(),
                c.info().client().toString(),
                c.info().server().toString(),
                null,
                0,
                ours,
                0,
                theirs,
                Verdict.NOT_RUN,
                -1,
                0,
                "interrupted before it started",
                null,
                new LatenessHistogram(),
                new Timeline(),
                List.of());
    }

    /**
     * The report of an interrupted replay: what was done, and every selected connection not started yet with what
     * the recording expected of it, so the totals stay the recorded totals.
     */
    static ReplayReport interrupted(ReplayReport soFar, Totals totals) {
        List<ConnectionResult> all = new ArrayList<>();
        for (ConnectionResult recorded : totals.notStarted()) {
            ConnectionResult done = soFar.connections().stream()
                    .filter(r -> r.round() == 1 && r.role().equals(recorded.role()) && r.index() == recorded.index())
                    .findFirst()
                    .orElse(null);
            // What was done, against what the whole recording expects (a connection cut short knows only the
            // part of the recording it got to).
            all.add(
                    done == null
                            ? recorded
                            : new ConnectionResult(
                                    done.role(),
                                    done.index(),
                                    done.client(),
                                    done.server(),
                                    done.live(),
                                    done.sentBytes(),
                                    recorded.expectedSentBytes(),
                                    done.receivedBytes(),
                                    recorded.expectedReceivedBytes(),
                                    done.verdict(),
                                    done.firstDifferenceOffset(),
                                    done.awaitTimeouts(),
                                    done.sentBytes() == 0 && done.live() == null ? recorded.problem() : done.problem(),
                                    done.difference(),
                                    done.lateness(),
                                    done.timeline(),
                                    done.faults()));
        }
        // Later rounds of a loop: what was kept of them (their failures) as it is; the rounds' counts say the rest.
        soFar.connections().stream().filter(r -> r.round() > 1).forEach(all::add);
        all.sort(ConnectionResult.ORDER);
        return ReplayReport.of(all, soFar.durationSeconds(), soFar.notes())
                .withRounds(soFar.rounds(), soFar.plannedRounds());
    }

    /** 2.0 as "2", 0.5 as "0.5". */
    private static String stripZeros(double seconds) {
        return java.math.BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
    }

    private static void writeReports(List<Path> files, ReplayReport report, Map<String, String> properties)
            throws java.io.IOException {
        for (Path file : files) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String content = name.endsWith(".json")
                    ? ReportJson.format(report) + "\n"
                    : ReportHtml.format(
                            report,
                            String.valueOf(
                                    Path.of(properties.get("replay.capture")).getFileName()));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs the replay and reports it.
     *
     * @return the exit code: 0 when every connection was replayed completely and no verified peer differed
     */
    static int run(
            CommandLine.Model.CommandSpec spec,
            Map<String, String> properties,
            VerifyOptions verify,
            Totals totals,
            double speed,
            boolean topSpeed,
            Double deadlineSeconds)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        properties.put("replay.verify", Boolean.toString(verify.verify));
        properties.put("replay.ignore", verify.ignoreProperty());
        properties.put("replay.ignore-bytes", String.join(",", verify.ignoreBytes));
        double expectedSeconds = topSpeed ? Double.NaN : totals.recordedSeconds() / speed;
        ProgressLine progress =
                verify.quiet ? null : new ProgressLine(err, System.console() != null, totals, expectedSeconds);
        java.util.concurrent.atomic.AtomicReference<org.replaytcp.camel.ReplayRun> running =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        // Ctrl-C or the deadline, whichever comes first and only while the replay runs: say what was done, write
        // the reports, and exit (130 for Ctrl-C, as shells expect; 1 for the deadline: not everything was replayed).
        java.util.function.BiConsumer<String, Integer> stopNow = (message, exitCode) -> {
            org.replaytcp.camel.ReplayRun run = running.get();
            if (run != null && over.compareAndSet(false, true)) {
                if (progress != null) {
                    progress.stop();
                }
                ReplayReport soFar = interrupted(run.snapshot(), totals);
                try {
                    writeReports(verify.reports, soFar, properties);
                } catch (java.io.IOException | RuntimeException e) {
                    err.println("replay-tcp: could not write a report: " + e.getMessage());
                }
                out.print(ReplaySummary.format(soFar));
                out.println(message);
                out.flush();
                err.flush();
                Runtime.getRuntime().halt(exitCode);
            }
        };
        Thread interrupted = new Thread(
                () -> stopNow.accept("interrupted: the summary shows what was done", EXIT_INTERRUPTED),
                "replay-interrupted");
        if (deadlineSeconds != null) {
            Thread deadline = new Thread(
                    () -> {
                        try {
                            Thread.sleep((long) Math.ceil(deadlineSeconds * 1000));
                            while (running.get() == null && !over.get()) {
                                Thread.sleep(10); // still starting: stop as soon as there is a replay to stop
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        stopNow.accept(
                                String.format(
                                        Locale.ROOT,
                                        "deadline: the replay was stopped after %s s; the summary "
                                                + "shows what was done",
                                        stripZeros(deadlineSeconds)),
                                ErrorReporter.EXIT_FAILED);
                    },
                    "replay-deadline");
            deadline.setDaemon(true);
            deadline.start();
        }
        Runtime.getRuntime().addShutdownHook(interrupted);
        ReplayReport report;
        try {
            report = ReplayLauncher.run(properties, progress, running::set);
        } finally {
            if (!over.compareAndSet(false, true)) {
                Thread.sleep(Long.MAX_VALUE); // the deadline is stopping the replay: it ends the process
            }
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it sees the replay is over and does nothing
            }
        }
        writeReports(verify.reports, report, properties);
        out.print(ReplaySummary.format(report));
        out.flush();
        return report.succeeded() ? 0 : ErrorReporter.EXIT_FAILED;
    }
}
