package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;

/** The end-of-replay table: per connection and direction, bytes and verdict. */
public final class ReplaySummary {

    private ReplaySummary() {
    }

    public static String format(List<ConnectionResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"role", "conn", "direction", "bytes", "of recorded", "verdict"});
        for (ConnectionResult r : results) {
            String us = r.role().equals("client") ? "client->server" : "server->client";
            String them = r.role().equals("client") ? "server->client" : "client->server";
            rows.add(new String[] {r.role(), Integer.toString(r.index()), us + " (sent)", Long.toString(r.sentBytes()),
                Long.toString(r.expectedSentBytes()), r.sentBytes() == r.expectedSentBytes() ? "complete" : "incomplete"});
            String verdict = r.verdict().jsonName()
                    + (r.firstDifferenceOffset() >= 0 ? " at offset " + r.firstDifferenceOffset() : "");
            rows.add(new String[] {r.role(), Integer.toString(r.index()), them + " (received)",
                Long.toString(r.receivedBytes()), Long.toString(r.expectedReceivedBytes()), verdict});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean right = i == 1 || i == 3 || i == 4;
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(right ? pad + row[i] : row[i] + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        for (ConnectionResult r : results) {
            if (r.problem() != null) {
                out.append(r.role()).append(" connection ").append(r.index()).append(": ").append(r.problem()).append('\n');
            }
            if (r.awaitTimeouts() > 0) {
                out.append(r.role()).append(" connection ").append(r.index()).append(": the peer was late ")
                        .append(r.awaitTimeouts()).append(" time(s); the replay carried on without it\n");
            }
        }
        return out.toString();
    }
}
