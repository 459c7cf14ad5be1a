package org.replaytcp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.camel.main.Main;
import org.replaytcp.camel.ReplayRun;
import org.replaytcp.inspect.CaptureInspection;
import org.replaytcp.inspect.CaptureInspector;
import org.replaytcp.replay.ReplayReport;

/**
 * Runs the route files (the same ones {@code mvn camel:run} runs) with the command line's choices as
 * properties, and waits for the replay to finish. One source of truth for the topology: the YAML.
 */
final class ReplayLauncher {

    /** Where the CLI finds the route files: packed in the jar. */
    static final String ROUTES = "classpath:routes/*.yaml";

    private ReplayLauncher() {
    }

    /**
     * The recorded server port to replay: the one given, or the only one in the capture.
     *
     * @throws IllegalArgumentException when the capture has none, or several and none was given
     */
    static int serverPort(Path capture, Integer given) throws IOException {
        CaptureInspection inspection = CaptureInspector.inspect(capture, given);
        TreeSet<Integer> ports = new TreeSet<>();
        inspection.connections().forEach(c -> ports.add(c.info().server().port()));
        if (given != null) {
            if (!ports.contains(given)) {
                throw new IllegalArgumentException(capture.getFileName() + ": no recorded connection to port " + given
                        + (ports.isEmpty() ? "" : " (server ports: " + join(ports) + ")"));
            }
            return given;
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException(capture.getFileName() + ": no TCP connection to replay");
        }
        if (ports.size() > 1) {
            throw new IllegalArgumentException(capture.getFileName() + ": connections to several server ports ("
                    + join(ports) + "); choose one with --port N");
        }
        return ports.first();
    }

    private static String join(TreeSet<Integer> ports) {
        return String.join(", ", ports.stream().map(String::valueOf).toList());
    }

    /** Starts Camel with the routes and properties, waits for every replay session, stops, returns the report. */
    static ReplayReport run(Map<String, String> properties, ProgressLine progress) throws Exception {
        Main main = new Main();
        Properties initial = new Properties();
        initial.putAll(properties);
        initial.put("replay.print-summary", "false");
        initial.put("replay.exit-when-done", "false");
        main.setInitialProperties(initial);
        main.configure().withRoutesIncludePattern(ROUTES);
        main.configure().withName("replay-tcp");
        try {
            main.start();
            ReplayRun run = ReplayRun.of(main.getCamelContext());
            if (progress != null) {
                progress.start(run);
            }
            return run.result().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            if (progress != null) {
                progress.stop();
            }
            main.stop();
        }
    }
}
