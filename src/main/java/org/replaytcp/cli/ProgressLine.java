package org.replaytcp.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.replaytcp.camel.ReplayRun;

/**
 * Progress on stderr for replays that last more than two seconds: one line rewritten in place on a terminal,
 * a new line every five seconds otherwise (logs, CI).
 */
final class ProgressLine {

    private static final long QUIET_START_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final ReplayExecution.Totals totals;
    private final double expectedSeconds;
    private Thread thread;
    private volatile boolean stopped;
    private boolean printed;

    ProgressLine(PrintWriter err, boolean terminal, ReplayExecution.Totals totals, double expectedSeconds) {
        this.err = err;
        this.terminal = terminal;
        this.totals = totals;
        this.expectedSeconds = expectedSeconds;
    }

    void start(ReplayRun run) {
        long start = System.nanoTime();
        thread = new Thread(
                () -> {
                    long lastLine = 0;
                    while (!stopped) {
                        try {
                            Thread.sleep(terminal ? 250 : 500);
                        } catch (InterruptedException e) {
                            return;
                        }
                        long now = System.nanoTime();
                        if (now - start < QUIET_START_NANOS || !terminal && now - lastLine < 5_000_000_000L) {
                            continue;
                        }
                        lastLine = now;
                        print(line(run.progress(), (now - start) / 1e9));
                    }
                },
                "replay-progress");
        thread.setDaemon(true);
        thread.start();
    }

    String line(ReplayRun.Progress progress, double elapsed) {
        // A loop plays the selection once a round: totals are the round's times the rounds (none when open-ended).
        int planned = progress.plannedRounds();
        String round = planned == 1 ? "" : "round " + progress.round() + (planned > 0 ? " of " + planned : "") + ", ";
        long rounds = Math.max(planned, 1);
        return String.format(
                Locale.ROOT,
                "replay: %sconnections %d%s, bytes %d%s, elapsed %.0f s of %s, lag %s",
                round,
                progress.connectionsDone(),
                planned == 0 ? "" : "/" + totals.connections() * rounds,
                progress.bytesSent(),
                planned == 0 ? "" : "/" + totals.bytesToSend() * rounds,
                elapsed,
                Double.isNaN(expectedSeconds) || planned != 1
                        ? "?"
                        : String.format(Locale.ROOT, "%.0f s", expectedSeconds),
                progress.lagMicros() >= 10_000 ? progress.lagMicros() / 1000 + " ms" : progress.lagMicros() + " us");
    }

    private synchronized void print(String line) {
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
        } else {
            err.println(line);
        }
        err.flush();
        printed = true;
    }

    synchronized void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
        if (terminal && printed) {
            err.println();
            err.flush();
        }
    }
}
