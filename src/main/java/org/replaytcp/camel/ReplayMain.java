package org.replaytcp.camel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;

/**
 * Camel Main for {@code mvn compile camel:run}: runs the routes as {@link Main} does, then ends the process the
 * way the command line does — exit 0 when every connection was replayed completely and no verified peer differed,
 * else one line on stderr saying what went wrong and exit 1 (so a script or a CI step sees a failed replay); a
 * misspelt setting in a route file is one line too, and exit 2.
 */
public final class ReplayMain extends Main {

    /** The exit code of a replay that did not go as recorded (the command line's too). */
    public static final int EXIT_FAILED = 1;

    private final AtomicReference<ReplayRun> run = new AtomicReference<>();

    public ReplayMain() {
        addMainListener(SmallHeadersMapFactory.forMain()); // as the command line: the replay's fast headers
        addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport main) {
                run.set(ReplayRun.of(main.getCamelContext()));
            }
        });
    }

    /** The exit code of a route file or setting that cannot be used (the command line's bad input too). */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String... args) throws Exception {
        ReplayMain main = new ReplayMain();
        int code;
        try {
            code = main.run(args);
        } catch (Exception e) {
            String typo = RouteSettingTypo.explain(e, main::routeFileDeclaring);
            if (typo == null) {
                throw e;
            }
            System.err.println("replay-tcp: " + typo);
            System.exit(EXIT_BAD_INPUT);
            return;
        }
        if (code == 0) {
            code = main.verdictExitCode(System.err);
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The route file (of the include pattern's {@code file:} entries) that declares bean {@code name}, or null. */
    String routeFileDeclaring(String name) {
        String patterns = configure().getRoutesIncludePattern();
        Pattern declares = Pattern.compile("(?m)^\\s*-?\\s*name:\\s*[\"']?" + Pattern.quote(name) + "[\"']?\\s*$"
                + "|<bean\\s[^>]*name=\"" + Pattern.quote(name) + "\"");
        for (String pattern : patterns == null ? new String[0] : patterns.split(",")) {
            if (!pattern.trim().startsWith("file:")) {
                continue;
            }
            Path glob = Path.of(pattern.trim().substring("file:".length()));
            Path dir = glob.getParent() == null ? Path.of(".") : glob.getParent();
            try (DirectoryStream<Path> files =
                    Files.newDirectoryStream(dir, glob.getFileName().toString())) {
                for (Path file : files) {
                    if (declares.matcher(Files.readString(file, StandardCharsets.UTF_8))
                            .find()) {
                        return file.toString();
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // no file to name: the line names the bean
            }
        }
        return null;
    }

    /**
     * After {@link #run}: 0 if the replay succeeded (or none ran: the routes were stopped before one ended), else
     * {@link #EXIT_FAILED} after one line on {@code err} naming what went wrong.
     */
    int verdictExitCode(PrintStream err) {
        ReplayRun replay = run.get();
        if (replay == null || !replay.result().isDone()) {
            return 0;
        }
        String failure;
        try {
            failure = failure(replay.result().join()); // done: join does not wait
        } catch (java.util.concurrent.CompletionException e) {
            failure = e.getCause().getMessage(); // the run failed as a whole (a listener that cannot listen)
        }
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
        StringBuilder line = new StringBuilder()
                .append(failed)
                .append(" of ")
                .append(report.connections().size())
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
