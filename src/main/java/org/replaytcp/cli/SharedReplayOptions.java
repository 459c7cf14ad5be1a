package org.replaytcp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.replaytcp.camel.ConnectionSelection;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code client} and {@code server} share: the capture, the recorded server port, timing and verification
 * flags, and the run sequence around the role's own options. Flag names are a contract.
 */
final class SharedReplayOptions {

    @Parameters(paramLabel = "CAPTURE", description = "A .pcap or .pcapng file.")
    private Path capture;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Replay the recorded connections whose server port is N (needed when there are several).")
    private Integer port;

    @Option(
            names = "--connections",
            paramLabel = "LIST",
            description = "Replay only these recorded connections, by the index inspect shows: 0,2 or 5-7 "
                    + "(default: all to the server port).")
    private String connections;

    @CommandLine.Mixin
    private PacingOptions pacing;

    @CommandLine.Mixin
    private VerifyOptions verifyOptions;

    /** Refuses contradictory or out-of-range timing and verification flags. */
    void validate() {
        pacing.validate();
        verifyOptions.validate();
        chosenConnections();
    }

    /** Reads the capture once, chooses the server port, and gives the properties both roles set. */
    Prepared prepare(PrintWriter err) throws java.io.IOException {
        ReplayLauncher.Selection selection = ReplayLauncher.select(capture, port, chosenConnections(), err);
        Map<String, String> properties = ReplayProperties.common(capture, selection.serverPort(), pacing);
        properties.put("replay.connections", connections == null ? "" : connections.trim());
        return new Prepared(selection, properties);
    }

    /** The connections {@code --connections} names (all when not given); a list that does not parse is exit 2. */
    private ConnectionSelection chosenConnections() {
        try {
            return ConnectionSelection.parse(connections);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
    }

    /** Runs the replay with the role's properties added, and returns the exit code. */
    int run(CommandLine.Model.CommandSpec spec, Prepared prepared, boolean client) throws Exception {
        Map<String, String> properties = prepared.properties();
        properties.put("replay.client.enabled", Boolean.toString(client));
        properties.put("replay.server.enabled", Boolean.toString(!client));
        ReplayExecution.Totals totals = ReplayExecution.totals(prepared.selection(), client, !client);
        return ReplayExecution.run(
                spec, properties, verifyOptions, totals, pacing.speedValue(), pacing.topSpeedValue(), pacing.deadline);
    }

    /** The capture's selection and the properties so far; the role adds its own before {@link #run}. */
    record Prepared(ReplayLauncher.Selection selection, Map<String, String> properties) {}
}
