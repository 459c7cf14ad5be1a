package org.replaytcp.replay;

import java.util.List;

/**
 * The outcome of a whole replay: every connection's result, the lateness of all sends, how long it took, and
 * notes on anything else worth saying.
 */
public record ReplayReport(
        List<ConnectionResult> connections,
        LatenessHistogram timing,
        long awaitTimeouts,
        double durationSeconds,
        List<String> notes) {

    public static ReplayReport of(List<ConnectionResult> connections, double durationSeconds) {
        return of(connections, durationSeconds, List.of());
    }

    /** @param notes what else happened, in a line each (extra clients closed, ...) */
    public static ReplayReport of(List<ConnectionResult> connections, double durationSeconds, List<String> notes) {
        LatenessHistogram timing = new LatenessHistogram();
        long timeouts = 0;
        for (ConnectionResult result : connections) {
            timing.addAll(result.lateness());
            timeouts += result.awaitTimeouts();
        }
        return new ReplayReport(List.copyOf(connections), timing, timeouts, durationSeconds, List.copyOf(notes));
    }

    /** Every connection sent all its recorded bytes, and no verified peer strayed from the recording. */
    public boolean succeeded() {
        return connections.stream()
                .allMatch(
                        r -> r.complete() && (r.verdict() == Verdict.IDENTICAL || r.verdict() == Verdict.NOT_VERIFIED));
    }
}
