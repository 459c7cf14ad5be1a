package org.replaytcp.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The usual {@code inspect} command lines ({@code inspect CAPTURE [--json] [--server-port N] [--debug]}, in any
 * order) read without picocli; every other command line, and anything here it is not sure of, goes to picocli as
 * before, which also says what is wrong with it. Why: on Java 17, picocli's model of a command is built from its
 * annotations at each start (a proxy class per annotation type, its type converters looked up by reflection), and
 * that cost ~0.1 s of a 1 M-packet inspect's ~0.55 s (2026-12-07, 9 runs each: 0.57 s through picocli, 0.44 s
 * without). Replays run for seconds or hours; inspect is the one command whose whole run is that short.
 */
final class InspectFastPath {

    /** An inspect command line read here: what {@link InspectCommand} would have been given by picocli. */
    record Request(Path capture, Integer serverPort, boolean json, boolean debug) {

        /** Runs it as picocli would have: the command's exit code, or an error reported as {@link ErrorReporter}. */
        int run(PrintWriter out, PrintWriter err) {
            int code;
            try {
                code = InspectCommand.run(capture, serverPort, json, out, err);
            } catch (Exception e) {
                code = ErrorReporter.report(e, err, debug);
            }
            out.flush();
            err.flush();
            return code;
        }
    }

    private InspectFastPath() {}

    /** The request, when {@code args} is an inspect command line read here; empty: it goes to picocli. */
    static Optional<Request> parse(String... args) {
        if (args.length < 2 || !args[0].equals("inspect")) {
            return Optional.empty();
        }
        String capture = null;
        Integer serverPort = null;
        boolean json = false;
        boolean debug = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--json") && !json) {
                json = true;
            } else if (arg.equals("--debug") && !debug) {
                debug = true;
            } else if (serverPort == null
                    && (arg.startsWith("--server-port=") || arg.equals("--server-port") && i + 1 < args.length)) {
                serverPort = port(arg.equals("--server-port") ? args[++i] : arg.substring("--server-port=".length()));
                if (serverPort == null) {
                    return Optional.empty();
                }
            } else if (capture == null && !arg.isEmpty() && !arg.startsWith("-") && !arg.startsWith("@")) {
                // "-..." is an option picocli knows better; "@..." picocli reads as a file of arguments.
                capture = arg;
            } else {
                return Optional.empty(); // a repeated option, a second capture, help, a typo, ...
            }
        }
        if (capture == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Request(Path.of(capture), serverPort, json, debug));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** A port number written plainly (no sign, no leading zero: picocli would read 011 as octal), else null. */
    private static Integer port(String text) {
        if (text.isEmpty() || text.length() > 9 || (text.length() > 1 && text.charAt(0) == '0')) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.valueOf(text);
    }
}
