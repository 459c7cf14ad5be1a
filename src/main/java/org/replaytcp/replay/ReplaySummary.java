package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.replaytcp.util.TextTable;

/**
 * The end-of-replay table: per connection the role, the recorded endpoints and the live peer, bytes sent and
 * received against the recording (each direction), the verdict and the p99 lateness of our sends; then what went
 * wrong, in words.
 */
public final class ReplaySummary {

    private static final String[] HEADINGS = {
        "role", "conn", "client", "server", "live peer", "sent", "received", "verdict", "lag p99"
    };

    private ReplaySummary() {}

    public static String format(ReplayReport report) {
        boolean looped = report.looped();
        List<String[]> rows = new ArrayList<>();
        rows.add(looped ? withRound("round", HEADINGS) : HEADINGS);
        for (ConnectionResult r : report.connections()) {
            String[] row = new String[] {
                r.role(),
                Integer.toString(r.index()),
                r.client(),
                r.server(),
                r.live() == null ? "-" : r.live(),
                r.sentBytes() + " of " + r.expectedSentBytes(),
                r.receivedBytes() + " of " + r.expectedReceivedBytes(),
                r.verdict().jsonName(),
                r.lateness().count() == 0 ? "-" : micros(r.lateness().percentileMicros(0.99))
            };
            rows.add(looped ? withRound(Integer.toString(r.round()), row) : row);
        }
        StringBuilder out =
                new StringBuilder(TextTable.format(rows, looped ? Set.of(0, 2, 6, 7, 9) : Set.of(1, 5, 6, 8)));
        for (ConnectionResult r : report.connections()) {
            String who =
                    r.role() + " connection " + r.index() + (r.round() > 1 ? " (round " + r.round() + ")" : "") + ": ";
            if (r.problem() != null) {
                out.append(who).append(r.problem()).append('\n');
            }
            if (r.verdict() == Verdict.SHORTER) {
                out.append(who)
                        .append("the peer stopped at offset ")
                        .append(r.receivedBytes())
                        .append(" of ")
                        .append(r.expectedReceivedBytes())
                        .append('\n');
            } else if (r.verdict() == Verdict.LONGER) {
                out.append(who)
                        .append("the peer sent ")
                        .append(r.receivedBytes() - r.expectedReceivedBytes())
                        .append(" bytes more than recorded\n");
            } else if (r.difference() != null) {
                out.append(who).append(r.difference().describe()).append('\n');
            }
            if (r.awaitTimeouts() > 0) {
                out.append(who)
                        .append("the peer did not send what was recorded within the await timeout; the "
                                + "replay carried on and stopped waiting for it\n");
            }
            for (InjectedFault fault : r.faults()) {
                out.append(who).append(fault.describe(r.sentBytes())).append('\n');
            }
        }
        for (String note : report.notes()) {
            out.append(note).append('\n');
        }
        if (looped) {
            appendRounds(out, report);
        }
        return out.toString();
    }

    /** A line per run of rounds that went the same way, and one for all of them. */
    private static void appendRounds(StringBuilder out, ReplayReport report) {
        RoundCounts all = RoundCounts.NONE;
        for (RoundRun run : report.rounds()) {
            out.append(run.describe(report.plannedRounds())).append('\n');
            all = all.plus(run.counts().times(run.last() - run.first() + 1));
        }
        int played = report.roundsPlayed();
        out.append("overall: ")
                .append(played)
                .append(played == 1 ? " round, " : " rounds, ")
                .append(all.connections())
                .append(all.connections() == 1 ? " connection, " : " connections, ")
                .append(all.verdict())
                .append('\n');
        long listedLater =
                report.connections().stream().filter(r -> r.round() > 1).count();
        if (listedLater >= Rounds.KEPT_LATER) {
            out.append("the table lists round 1 and the first ")
                    .append(Rounds.KEPT_LATER)
                    .append(" connections of later rounds that did not go as recorded\n");
        }
    }

    private static String[] withRound(String round, String[] row) {
        String[] longer = new String[row.length + 1];
        longer[0] = round;
        System.arraycopy(row, 0, longer, 1, row.length);
        return longer;
    }

    private static String micros(long micros) {
        return micros >= 10_000 ? micros / 1000 + " ms" : micros + " us";
    }
}
