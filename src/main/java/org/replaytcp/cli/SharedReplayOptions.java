package org.replaytcp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
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

    @CommandLine.Mixin
    private PacingOptions pacing;

    @CommandLine.Mixin
    private VerifyOptions verifyOptions;

    /** Refuses contradictory or out-of-range timing and verification flags. */
    void validate() {
        pacing.validate();
        verifyOptions.validate();
    }

    /** Reads the capture once, chooses the server port, and gives the properties both roles set. */
    Prepared prepare(PrintWriter err) throws java.io.IOException {
        ReplayLauncher.Selection selection = ReplayLauncher.select(capture, port, err);
        return new Prepared(selection, ReplayProperties.common(capture, selection.serverPort(), pacing));
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
