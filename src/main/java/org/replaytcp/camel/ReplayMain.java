package org.replaytcp.camel;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;

/**
 * Camel Main for {@code mvn compile camel:run}: runs the routes as {@link Main} does, then ends the process the
 * way the command line does — exit 0 when every connection was replayed completely and no verified peer differed,
 * else one line on stderr saying what went wrong and exit 1 (so a script or a CI step sees a failed replay).
 */
public final class ReplayMain extends Main {

    /** The exit code of a replay that did not go as recorded (the command line's too). */
    public static final int EXIT_FAILED = 1;

    private final AtomicReference<ReplayRun> run = new AtomicReference<>();

    public ReplayMain() {
        addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport main) {
                run.set(ReplayRun.of(main.getCamelContext()));
            }
        });
    }

    public static void main(String... args) throws Exception {
        ReplayMain main = new ReplayMain();
        int code = main.run(args);
        if (code == 0) {
            code = main.verdictExitCode(System.err);
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * After {@link #run}: 0 if the replay succeeded (or none ran: the routes were stopped before one ended), else
     * {@link #EXIT_FAILED} after one line on {@code err} naming what went wrong.
     */
    int verdictExitCode(PrintStream err) throws Exception {
        ReplayRun replay = run.get();
        if (replay == null || !replay.result().isDone()) {
            return 0;
        }
        if (replay.result().isCompletedExceptionally()) {
            try {
                replay.result().get();
            } catch (java.util.concurrent.ExecutionException e) {
                err.println("replay-tcp: " + e.getCause().getMessage());
                err.flush();
                return EXIT_FAILED;
            }
        }
        ReplayReport report = replay.result().get(1, TimeUnit.SECONDS);
        String failure = failure(report);
        if (failure == null) {
            return 0;
        }
        err.println("replay-tcp: " + failure);
        err.flush();
        return EXIT_FAILED;
    }

    /** One line on what did not go as recorded, or null when everything did. */
    static String failure(ReplayReport report) {
        if (report.succeeded()) {
            return null;
        }
        Map<String, Integer> byOutcome = new TreeMap<>();
        int failed = 0;
        for (ConnectionResult result : report.connections()) {
            String outcome = outcome(result);
            if (outcome != null) {
                byOutcome.merge(outcome, 1, Integer::sum);
                failed++;
            }
        }
        StringBuilder line = new StringBuilder().append(failed).append(" of ").append(report.connections().size())
                .append(failed == 1 && report.connections().size() == 1 ? " connection" : " connections")
                .append(" not replayed as recorded (");
        String separator = "";
        for (Map.Entry<String, Integer> entry : byOutcome.entrySet()) {
            line.append(separator).append(entry.getValue()).append(' ').append(entry.getKey());
            separator = ", ";
        }
        return line.append("); the summary above says why").toString();
    }

    /** What went wrong with one connection, in the summary's words, or null if nothing did. */
    private static String outcome(ConnectionResult result) {
        return switch (result.verdict()) {
            case IDENTICAL, NOT_VERIFIED -> result.complete() ? null : "incomplete";
            default -> result.verdict().jsonName();
        };
    }
}
