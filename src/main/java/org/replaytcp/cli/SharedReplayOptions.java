package org.replaytcp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.replaytcp.camel.ConnectionSelection;
import org.replaytcp.replay.Fault;
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

    @Option(
            names = "--fault",
            paramLabel = "KIND@BYTE",
            description = "Inject a fault into what we send, before recorded byte BYTE of our direction (from 0, "
                    + "per connection): reset, close, half-close, corrupt (that byte inverted) or stall:SECONDS; "
                    + "add ,conn=K for one connection. Repeatable. E.g. reset@1000, stall:2@0,conn=1.")
    private java.util.List<String> faults = new java.util.ArrayList<>();

    @Option(
            names = "--rewrite-bytes",
            paramLabel = "PREFIX:FROM-TO=VALUE",
            description = "In every frame we send that starts with the hex PREFIX, put VALUE in bytes FROM..TO: "
                    + "counter (goes on counting across frames and connections), time-ms, time-s (now) or const:HEX; "
                    + "numbers big-endian unless :le. The peer's same bytes are not compared. Repeatable. "
                    + "E.g. AA55:4-7=counter.")
    private java.util.List<String> rewriteBytes = new java.util.ArrayList<>();

    @Option(
            names = "--rewrite",
            paramLabel = "REGEX=>REPLACEMENT",
            description = "Replace what REGEX matches in the text we send; the replacement may hold ${round}, "
                    + "${conn}, ${counter} (this rule's count), ${now:FORMAT} and $1..$9. A replacement of another "
                    + "length is refused before anything connects unless --allow-resize. The peer's matches are not "
                    + "compared. Repeatable. E.g. 'ACK (\\d+)=>ACK ${counter}'.")
    private java.util.List<String> rewrite = new java.util.ArrayList<>();

    @Option(
            names = "--allow-resize",
            description = "Let --rewrite replacements change lengths (our stream's later offsets shift; the summary "
                    + "says by how much).")
    private boolean allowResize;

    @Option(
            names = "--loop",
            paramLabel = "N",
            description = "Replay the selected connections N times, one round after the other (0: until Ctrl-C or "
                    + "--duration). Default: 1.")
    private Integer loop;

    @Option(
            names = "--duration",
            paramLabel = "S",
            description = "Start no new round after S seconds (the round under way finishes); without --loop, "
                    + "rounds go on until then.")
    private Double duration;

    @Option(
            names = "--loop-gap",
            paramLabel = "S",
            description = "Seconds between the end of a round and the start of the next (default 0).")
    private Double loopGap;

    @CommandLine.Mixin
    private PacingOptions pacing;

    @CommandLine.Mixin
    private VerifyOptions verifyOptions;

    /** Refuses contradictory or out-of-range timing and verification flags. */
    void validate() {
        pacing.validate();
        verifyOptions.validate();
        chosenConnections();
        rewriteBytes.forEach(org.replaytcp.replay.FieldRewrite::parse); // exit 2 before anything connects
        textRules();
        if (allowResize && !faults.isEmpty()) {
            throw new IllegalArgumentException(org.replaytcp.camel.ReplaySession.RESIZE_AND_FAULTS);
        }
        if (loop != null && loop < 0) {
            throw new IllegalArgumentException("--loop must be 0 (until Ctrl-C or --duration) or more, not " + loop);
        }
        if (duration != null && !(duration > 0 && duration < 1e9)) {
            throw new IllegalArgumentException("--duration must be more than 0 seconds, not " + duration);
        }
        if (loopGap != null && !(loopGap >= 0 && loopGap < 1e6)) {
            throw new IllegalArgumentException("--loop-gap must be 0 or more seconds, not " + loopGap);
        }
        if (rounds() == 1 && (duration != null || loopGap != null)) {
            throw new IllegalArgumentException((duration != null ? "--duration" : "--loop-gap")
                    + " needs more than one round (--loop 1 plays once)");
        }
        for (String fault : faults) {
            Fault parsed = Fault.parse(fault);
            if (rounds() > 0 && parsed.round() > rounds()) {
                throw new IllegalArgumentException("--fault '" + fault.trim() + "': round=" + parsed.round()
                        + " never comes, the replay has "
                        + (rounds() == 1 ? "one round" : rounds() + " rounds"));
            }
        }
    }

    /** The --rewrite rules, parsed (one that does not parse is exit 2). */
    private java.util.List<org.replaytcp.replay.TextRewrite> textRules() {
        return rewrite.stream().map(org.replaytcp.replay.TextRewrite::parse).toList();
    }

    /** How many rounds: --loop, or until --duration is over when only that is given, else 1. */
    private int rounds() {
        return loop != null ? loop : duration != null ? 0 : 1;
    }

    /** Reads the capture once, chooses the server port, and gives the properties both roles set. */
    Prepared prepare(PrintWriter err) throws java.io.IOException {
        ReplayLauncher.Selection selection = ReplayLauncher.select(capture, port, chosenConnections(), err);
        Map<String, String> properties = ReplayProperties.common(capture, selection.serverPort(), pacing);
        properties.put("replay.connections", connections == null ? "" : connections.trim());
        checkFaultsAimAtReplayed(selection);
        properties.put("replay.faults", String.join(";", faults));
        properties.put("replay.rewrite-bytes", String.join(",", rewriteBytes));
        // Each rule ends in a new line, as replay.ignore's do: Camel's placeholders would drop a backslash that
        // came just before the value's last character.
        properties.put(
                "replay.rewrite",
                rewrite.stream().map(rule -> rule + "\n").collect(java.util.stream.Collectors.joining()));
        properties.put("replay.allow-resize", Boolean.toString(allowResize));
        properties.put("replay.loop", Integer.toString(rounds()));
        properties.put("replay.duration", duration == null ? "0" : duration.toString());
        properties.put("replay.loop-gap", loopGap == null ? "0" : loopGap.toString());
        return new Prepared(selection, properties);
    }

    /** A fault aimed at a connection the replay does not play would silently do nothing: exit 2 instead. */
    private void checkFaultsAimAtReplayed(ReplayLauncher.Selection selection) {
        java.util.List<Integer> played = selection.inspection().connections().stream()
                .filter(selection::plays)
                .map(c -> c.info().index())
                .toList();
        for (String fault : faults) {
            int aimed = Fault.parse(fault).connection();
            if (aimed >= 0 && !played.contains(aimed)) {
                throw new IllegalArgumentException("--fault '" + fault.trim() + "': connection " + aimed
                        + " is not replayed (replayed: " + ranges(played) + ")");
            }
        }
    }

    /** {@code 0-3, 7} for 0, 1, 2, 3, 7 (ascending), as {@code --connections} is written; "none" for none. */
    static String ranges(java.util.List<Integer> ascending) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ascending.size(); ) {
            int j = i;
            while (j + 1 < ascending.size() && ascending.get(j + 1) == ascending.get(j) + 1) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ",").append(ascending.get(i));
            if (j > i) {
                out.append('-').append(ascending.get(j));
            }
            i = j + 1;
        }
        return out.length() == 0 ? "none" : out.toString();
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
        if (!allowResize) {
            TextRewriteCheck.check(capture, prepared.selection(), client, textRules());
        }
        ReplayExecution.Totals totals = ReplayExecution.totals(prepared.selection(), client, !client);
        return ReplayExecution.run(
                spec, properties, verifyOptions, totals, pacing.speedValue(), pacing.topSpeedValue(), pacing.deadline);
    }

    /** The capture's selection and the properties so far; the role adds its own before {@link #run}. */
    record Prepared(ReplayLauncher.Selection selection, Map<String, String> properties) {}
}
