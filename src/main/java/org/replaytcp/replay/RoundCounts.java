package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * How the connections of one round of a loop ({@code --loop}) went: how many, how many went as recorded, and how
 * many had each verdict. Small and immutable, so thousands of rounds cost little.
 *
 * @param connections how many connections were played
 * @param succeeded   how many were complete with an identical (or not verified) peer
 * @param identical   verdict counts, one per verdict
 * @param differs     see {@link Verdict#DIFFERS}
 * @param shorter     see {@link Verdict#SHORTER}
 * @param longer      see {@link Verdict#LONGER}
 * @param notVerified see {@link Verdict#NOT_VERIFIED}
 * @param notRun      see {@link Verdict#NOT_RUN}
 * @param incomplete  how many did not send all their recorded bytes or met a problem
 */
public record RoundCounts(
        int connections,
        int succeeded,
        int identical,
        int differs,
        int shorter,
        int longer,
        int notVerified,
        int notRun,
        int incomplete) {

    /** No connection yet. */
    public static final RoundCounts NONE = new RoundCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** These counts with one more connection. */
    public RoundCounts plus(ConnectionResult result) {
        Verdict v = result.verdict();
        return new RoundCounts(
                connections + 1,
                succeeded + (result.succeeded() ? 1 : 0),
                identical + (v == Verdict.IDENTICAL ? 1 : 0),
                differs + (v == Verdict.DIFFERS ? 1 : 0),
                shorter + (v == Verdict.SHORTER ? 1 : 0),
                longer + (v == Verdict.LONGER ? 1 : 0),
                notVerified + (v == Verdict.NOT_VERIFIED ? 1 : 0),
                notRun + (v == Verdict.NOT_RUN ? 1 : 0),
                incomplete + (result.complete() ? 0 : 1));
    }

    /** Both counts together (the two roles of one round). */
    public RoundCounts plus(RoundCounts other) {
        return new RoundCounts(
                connections + other.connections,
                succeeded + other.succeeded,
                identical + other.identical,
                differs + other.differs,
                shorter + other.shorter,
                longer + other.longer,
                notVerified + other.notVerified,
                notRun + other.notRun,
                incomplete + other.incomplete);
    }

    /** These counts {@code rounds} times over: a run of rounds that went the same way, all together. */
    public RoundCounts times(int rounds) {
        return new RoundCounts(
                connections * rounds,
                succeeded * rounds,
                identical * rounds,
                differs * rounds,
                shorter * rounds,
                longer * rounds,
                notVerified * rounds,
                notRun * rounds,
                incomplete * rounds);
    }

    /** Every connection went as recorded. */
    public boolean allSucceeded() {
        return succeeded == connections;
    }

    /** The round's verdict in words: {@code identical}, or the counts that are not zero ({@code 1 identical, 1 differs}). */
    public String verdict() {
        List<String> parts = new ArrayList<>();
        int[] counts = {identical, differs, shorter, longer, notVerified, notRun};
        Verdict[] verdicts = {
            Verdict.IDENTICAL, Verdict.DIFFERS, Verdict.SHORTER, Verdict.LONGER, Verdict.NOT_VERIFIED, Verdict.NOT_RUN
        };
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == connections && incomplete == 0) {
                return verdicts[i].jsonName();
            }
            if (counts[i] > 0) {
                parts.add(counts[i] + " " + verdicts[i].jsonName());
            }
        }
        if (incomplete > 0) {
            parts.add(incomplete + " incomplete");
        }
        return String.join(", ", parts);
    }
}
