package org.replaytcp.replay;

import java.util.List;

/**
 * The outcome of a whole replay: every connection's result, the lateness of all sends, how long it took, and
 * notes on anything else worth saying; for a loop ({@code --loop}), how each round went.
 *
 * @param connections     the connections' results: all of them when the capture is played once; for a loop, those
 *                        of round 1 and the first connections of later rounds that did not go as recorded
 * @param timing          the lateness of the sends of those connections
 * @param awaitTimeouts   how often a peer was waited for in vain, over those connections
 * @param durationSeconds how long the replay took
 * @param notes           what else happened, a line each
 * @param rounds          for a loop, every round, as runs of rounds that went the same way; empty otherwise
 * @param plannedRounds   how many rounds the loop was to have (0: until stopped or its duration); 1 for no loop
 */
public record ReplayReport(
        List<ConnectionResult> connections,
        LatenessHistogram timing,
        long awaitTimeouts,
        double durationSeconds,
        List<String> notes,
        List<RoundRun> rounds,
        int plannedRounds) {

    public ReplayReport {
        rounds = rounds == null ? List.of() : List.copyOf(rounds);
    }

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
        return new ReplayReport(
                List.copyOf(connections), timing, timeouts, durationSeconds, List.copyOf(notes), List.of(), 1);
    }

    /** This report with the rounds of a loop. */
    public ReplayReport withRounds(List<RoundRun> rounds, int plannedRounds) {
        return new ReplayReport(connections, timing, awaitTimeouts, durationSeconds, notes, rounds, plannedRounds);
    }

    /** Whether the replay was a loop of rounds ({@code --loop}, {@code --duration}). */
    public boolean looped() {
        return plannedRounds != 1
                || rounds.size() > 1
                || (!rounds.isEmpty() && rounds.get(0).last() > 1);
    }

    /** How many rounds were played (some perhaps in part). */
    public int roundsPlayed() {
        return rounds.isEmpty() ? 1 : rounds.get(rounds.size() - 1).last();
    }

    /** Every connection sent all its recorded bytes, and no verified peer strayed from the recording. */
    public boolean succeeded() {
        return connections.stream().allMatch(ConnectionResult::succeeded)
                && rounds.stream().allMatch(run -> run.counts().allSucceeded());
    }
}
