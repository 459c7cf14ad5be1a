package org.replaytcp.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replaytcp.capture.CaptureProblem;
import org.replaytcp.packet.LinkType;
import org.replaytcp.packet.SkipReason;
import org.replaytcp.tcp.ConnectionSummary;
import org.replaytcp.util.NanoText;
import org.replaytcp.util.TextTable;

/** The human-readable {@code inspect} output: a table of connections, then what was skipped and why. */
public final class InspectionTable {

    private static final String[] HEADINGS = {
        "#",
        "client",
        "server",
        "role",
        "start",
        "rel s",
        "duration s",
        "packets",
        "c->s bytes",
        "s->c bytes",
        "retrans",
        "ooo",
        "missing",
        "end"
    };

    /** The table shows this many damage lines; the JSON has more. */
    private static final int SHOWN_PROBLEMS = 10;

    private InspectionTable() {}

    public static String format(CaptureInspection inspection) {
        StringBuilder out = new StringBuilder();
        int count = inspection.connections().size();
        out.append(inspection.file())
                .append(": ")
                .append(inspection.format())
                .append(", ")
                .append(inspection.packets())
                .append(inspection.packets() == 1 ? " packet, " : " packets, ")
                .append(count)
                .append(count == 1 ? " TCP connection" : " TCP connections")
                .append('\n');
        if (count > 0) {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADINGS);
            long origin = inspection.firstNanos();
            for (ConnectionSummary c : inspection.connections()) {
                rows.add(new String[] {
                    Integer.toString(c.info().index()),
                    c.info().client().toString(),
                    c.info().server().toString(),
                    c.info().roleFrom().jsonName(),
                    NanoText.isoInstant(c.firstNanos()),
                    seconds(c.firstNanos() - origin),
                    seconds(c.durationNanos()),
                    Long.toString(c.packets()),
                    Long.toString(c.clientToServerBytes()),
                    Long.toString(c.serverToClientBytes()),
                    Long.toString(c.retransmittedBytes()),
                    Long.toString(c.outOfOrderSegments()),
                    Long.toString(c.missingBytes()),
                    c.end().jsonName()
                });
            }
            out.append(TextTable.format(rows, Set.of(0, 5, 6, 7, 8, 9, 10, 11, 12)));
        }
        List<String> skipped = new ArrayList<>();
        for (SkipReason reason : SkipReason.values()) {
            long n = inspection.skipped().getOrDefault(reason, 0L);
            if (n > 0) {
                String detail = reason == SkipReason.UNSUPPORTED_LINK_TYPE ? " " + linkTypes(inspection) : "";
                skipped.add(n + " " + reason.description() + detail);
            }
        }
        out.append(skipped.isEmpty() ? "Skipped: nothing\n" : "Skipped: " + String.join(", ", skipped) + "\n");
        if (inspection.lengthBeyondFrame() > 0) {
            out.append("Note: ")
                    .append(inspection.lengthBeyondFrame())
                    .append(
                            " packets claim a longer IP length than their frame; their bytes past the frame count as missing\n");
        }
        List<CaptureProblem> problems = inspection.problems();
        for (CaptureProblem problem : problems.subList(0, Math.min(SHOWN_PROBLEMS, problems.size()))) {
            out.append("Damage: ").append(problem).append('\n');
        }
        if (problems.size() > SHOWN_PROBLEMS || inspection.damagedPackets() > 0) {
            out.append("Damage in all: ")
                    .append(inspection.damagedPackets())
                    .append(" packets with damaged headers")
                    .append(
                            problems.size() > SHOWN_PROBLEMS
                                    ? " (the first " + SHOWN_PROBLEMS + " damage lines shown; "
                                            + "--json lists up to 100)"
                                    : "")
                    .append('\n');
        }
        return out.toString();
    }

    private static String linkTypes(CaptureInspection inspection) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Integer, Long> entry : inspection.unsupportedLinkTypes().entrySet()) {
            parts.add(LinkType.describe(entry.getKey()) + ": " + entry.getValue());
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private static String seconds(long nanos) {
        return NanoText.seconds(nanos, 6);
    }
}
