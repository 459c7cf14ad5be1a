package org.replaytcp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.camel.main.Main;
import org.replaytcp.camel.ConnectionSelection;
import org.replaytcp.camel.ReplayRun;
import org.replaytcp.inspect.CaptureInspection;
import org.replaytcp.inspect.CaptureInspector;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.tcp.ConnectionSummary;

/**
 * Runs the route files (the same ones {@code mvn camel:run} runs) with the command line's choices as
 * properties, and waits for the replay to finish. One source of truth for the topology: the YAML.
 */
final class ReplayLauncher {

    /** The route file of the client role (replay-tcp plays DAQbox). */
    private static final String CLIENT_ROUTES = "classpath:replay-tcp/routes/daqbox-to-polyview.yaml";

    /** The route file of the server role (replay-tcp plays Polyview). */
    private static final String SERVER_ROUTES = "classpath:replay-tcp/routes/polyview-to-daqbox.yaml";

    /**
     * Where the CLI finds the route files: packed in the jar, named one by one because a wildcard makes Camel read
     * through the whole 17 MB jar (a quarter of a second at start-up).
     */
    static final String ROUTES = CLIENT_ROUTES + "," + SERVER_ROUTES;

    private ReplayLauncher() {}

    /**
     * What a replay command chose from its capture: the server port, the connections named (all by default), and
     * the inspection that showed them.
     */
    record Selection(int serverPort, ConnectionSelection connections, CaptureInspection inspection) {

        /** Whether the replay plays this recorded connection. */
        boolean plays(ConnectionSummary connection) {
            return connection.info().server().port() == serverPort
                    && connections.includes(connection.info().index());
        }
    }

    /**
     * Reads the capture once and chooses the recorded server port to replay: the one given, or the only one of the
     * chosen connections. Says on {@code err} (if not null) what damage the capture has (the first lines).
     *
     * @throws IllegalArgumentException when nothing could be read, a chosen connection is not in the capture or not
     *                                  to the port given, or there is no port, or several and none was given
     */
    static Selection select(Path capture, Integer given, ConnectionSelection chosen, java.io.PrintWriter err)
            throws IOException {
        CaptureInspection inspection = CaptureInspector.inspect(capture, given);
        if (inspection.packets() == 0 && !inspection.problems().isEmpty()) {
            throw new IllegalArgumentException(inspection.problems().get(0).toString());
        }
        if (err != null && !inspection.problems().isEmpty()) {
            inspection.problems().stream().limit(5).forEach(p -> err.println("replay-tcp: warning: " + p));
            long more = inspection.problems().size() - 5 + Math.max(0, inspection.damagedPackets() - 100);
            if (more > 0) {
                err.println("replay-tcp: warning: ... and " + more + " more (see inspect --json)");
            }
            err.flush();
        }
        checkChosenExist(capture, inspection, chosen);
        List<ConnectionSummary> chosenConnections = inspection.connections().stream()
                .filter(c -> chosen.includes(c.info().index()))
                .toList();
        TreeSet<Integer> ports = new TreeSet<>();
        chosenConnections.forEach(c -> ports.add(c.info().server().port()));
        if (given != null) {
            if (!chosen.keepsAll()) {
                for (ConnectionSummary c : chosenConnections) {
                    if (c.info().server().port() != given) {
                        throw new IllegalArgumentException(capture.getFileName() + ": connection "
                                + c.info().index()
                                + " is to port " + c.info().server().port() + ", not " + given
                                + " (--connections and --port disagree)");
                    }
                }
            }
            if (!ports.contains(given)) {
                throw new IllegalArgumentException(capture.getFileName() + ": no recorded connection to port " + given
                        + (ports.isEmpty() ? "" : " (server ports: " + join(ports) + ")"));
            }
            return new Selection(given, chosen, inspection);
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException(capture.getFileName() + ": no TCP connection to replay");
        }
        if (ports.size() > 1) {
            throw new IllegalArgumentException(capture.getFileName() + ": connections to several server ports ("
                    + join(ports) + "); choose one with --port N");
        }
        return new Selection(ports.first(), chosen, inspection);
    }

    /** Every connection named must be in the capture: a typo in an index is an error, not a smaller replay. */
    private static void checkChosenExist(Path capture, CaptureInspection inspection, ConnectionSelection chosen) {
        TreeSet<Integer> present = new TreeSet<>();
        inspection.connections().forEach(c -> present.add(c.info().index()));
        List<Integer> missing =
                chosen.named().filter(i -> !present.contains(i)).boxed().toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(capture.getFileName() + ": no connection "
                    + join(missing.subList(0, Math.min(10, missing.size())))
                    + (missing.size() > 10 ? " ..." : "") + " (its connections: "
                    + (present.isEmpty() ? "none" : ranges(present)) + "; inspect lists them)");
        }
    }

    /** {@code 0-3, 7, 9-10}: consecutive indices as ranges. */
    static String ranges(java.util.SortedSet<Integer> indices) {
        List<String> parts = new java.util.ArrayList<>();
        Integer from = null;
        Integer to = null;
        for (int index : indices) {
            if (to != null && index == to + 1) {
                to = index;
                continue;
            }
            if (from != null) {
                parts.add(from.equals(to) ? String.valueOf(from) : from + "-" + to);
            }
            from = index;
            to = index;
        }
        if (from != null) {
            parts.add(from.equals(to) ? String.valueOf(from) : from + "-" + to);
        }
        return String.join(", ", parts);
    }

    /** A listener that cannot bind is bad input (exit 2), said in one line; anything else stays as it is. */
    private static Exception explainStartFailure(Exception e, Map<String, String> properties) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException badSetting && cause != e) {
                return badSetting; // a route setting that does not parse: its own words, exit 2
            }
            if (cause instanceof java.net.BindException bind) {
                return new IllegalArgumentException("cannot listen on " + properties.get("polyview.listen") + ": "
                        + bind.getMessage().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return e;
    }

    private static String join(java.util.Collection<Integer> numbers) {
        return String.join(", ", numbers.stream().map(String::valueOf).toList());
    }

    /**
     * The route files a run needs: a role that is off is left out rather than loaded and not started, which spares
     * Camel reading, building and configuring a route nobody plays (a few tens of milliseconds of start-up).
     */
    static String routesFor(Map<String, String> properties) {
        boolean client = !"false".equals(properties.get("replay.client.enabled"));
        boolean server = !"false".equals(properties.get("replay.server.enabled"));
        if (client && !server) {
            return CLIENT_ROUTES;
        }
        if (server && !client) {
            return SERVER_ROUTES;
        }
        return ROUTES;
    }

    /** Starts Camel with the routes and properties, waits for every replay session, stops, returns the report. */
    static ReplayReport run(
            Map<String, String> properties, ProgressLine progress, java.util.function.Consumer<ReplayRun> started)
            throws Exception {
        Main main = new Main();
        Properties initial = new Properties();
        initial.putAll(properties);
        initial.put("replay.print-summary", "false");
        initial.put("replay.exit-when-done", "false");
        main.setInitialProperties(initial);
        main.addMainListener(org.replaytcp.camel.SmallHeadersMapFactory.forMain());
        main.configure().withRoutesIncludePattern(routesFor(properties));
        main.configure().withName("replay-tcp");
        try {
            try {
                main.start();
            } catch (Exception e) {
                throw explainStartFailure(e, properties);
            }
            ReplayRun run = ReplayRun.of(main.getCamelContext());
            started.accept(run);
            if (progress != null) {
                progress.start(run);
            }
            return run.result().get();
        } catch (ExecutionException e) {
            // The run failed as a whole: its own words (a listener that cannot listen: bad input, exit 2).
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            if (progress != null) {
                progress.stop();
            }
            main.stop();
        }
    }
}
