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
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (ConnectionResult r : report.connections()) {
            rows.add(new String[] {
                r.role(),
                Integer.toString(r.index()),
                r.client(),
                r.server(),
                r.live() == null ? "-" : r.live(),
                r.sentBytes() + " of " + r.expectedSentBytes(),
                r.receivedBytes() + " of " + r.expectedReceivedBytes(),
                r.verdict().jsonName(),
                r.lateness().count() == 0 ? "-" : micros(r.lateness().percentileMicros(0.99))
            });
        }
        StringBuilder out = new StringBuilder(TextTable.format(rows, Set.of(1, 5, 6, 8)));
        for (ConnectionResult r : report.connections()) {
            String who = r.role() + " connection " + r.index() + ": ";
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
        return out.toString();
    }

    private static String micros(long micros) {
        return micros >= 10_000 ? micros / 1000 + " ms" : micros + " us";
    }
}
