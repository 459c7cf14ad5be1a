package org.replaytcp.replay;

/**
 * Consecutive rounds of a loop that went the same way (the same counts): a soak of thousands of clean rounds is one
 * run, and a summary line.
 *
 * @param first  the first round, from 1
 * @param last   the last round (the same as first for one round)
 * @param counts how each of these rounds went
 */
public record RoundRun(int first, int last, RoundCounts counts) {

    /**
     * One line: {@code round 17 of 20: 2 connections, identical} or {@code rounds 1-16 of 20: 2 connections each,
     * identical}.
     *
     * @param rounds how many rounds the loop had, or 0 when it was open-ended ({@code --loop 0})
     */
    public String describe(int rounds) {
        String of = rounds > 0 ? " of " + rounds : "";
        String which = first == last ? "round " + first + of : "rounds " + first + "-" + last + of;
        String connections = counts.connections()
                + (counts.connections() == 1 ? " connection" : " connections")
                + (first == last ? "" : " each");
        return which + ": " + connections + ", " + counts.verdict();
    }
}
