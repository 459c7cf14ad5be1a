package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rounds of a loop ({@code --loop}) as their connections finish: counts per round, folded into runs of rounds
 * that went the same way once no connection of them is left, so memory stays flat however long a soak runs. Says
 * which finished connections are worth keeping whole: every one of round 1 (the report's table), and the first
 * {@value #KEPT_LATER} of later rounds that did not go as recorded. Thread-safe.
 */
public final class Rounds {

    /** How many connections of rounds after the first are kept whole when they did not go as recorded. */
    public static final int KEPT_LATER = 100;

    private final TreeMap<Integer, RoundCounts> open = new TreeMap<>();
    /** Connections under way, per round. */
    private final TreeMap<Integer, Integer> underWay = new TreeMap<>();

    private final List<RoundRun> settled = new ArrayList<>();
    private int keptLater;

    /** A connection of {@code round} is under way: its round is not over before it finishes. */
    public synchronized void opened(int round) {
        underWay.merge(round, 1, Integer::sum);
    }

    /**
     * A connection that was {@link #opened} has finished: it is counted in its round, and the rounds before
     * {@code current} (the one being read) with none under way are over.
     *
     * @return whether to keep its result whole (round 1, or one of the first failures of later rounds)
     */
    public synchronized boolean finished(ConnectionResult result, int current) {
        underWay.computeIfPresent(result.round(), (round, count) -> count == 1 ? null : count - 1);
        boolean keep = add(result);
        settle(current);
        return keep;
    }

    /** Rounds before {@code current} (the one being read) with no connection under way are over: they fold. */
    public synchronized void settle(int current) {
        settleBefore(Math.min(current, underWay.isEmpty() ? Integer.MAX_VALUE : underWay.firstKey()));
    }

    /**
     * Counts a finished connection in its round.
     *
     * @return whether to keep its result whole (round 1, or one of the first failures of later rounds)
     */
    public synchronized boolean add(ConnectionResult result) {
        open.merge(result.round(), RoundCounts.NONE.plus(result), RoundCounts::plus);
        if (result.round() <= 1) {
            return true;
        }
        if (!result.succeeded() && keptLater < KEPT_LATER) {
            keptLater++;
            return true;
        }
        return false;
    }

    /** Rounds before {@code round} have no connection left: fold them into runs. */
    public synchronized void settleBefore(int round) {
        while (!open.isEmpty() && open.firstKey() < round) {
            Map.Entry<Integer, RoundCounts> first = open.pollFirstEntry();
            append(settled, first.getKey(), first.getValue());
        }
    }

    /** The rounds so far, in order, as runs of rounds that went the same way. */
    public synchronized List<RoundRun> runs() {
        List<RoundRun> all = new ArrayList<>(settled);
        open.forEach((round, counts) -> append(all, round, counts));
        return all;
    }

    /** The rounds of two sessions (the two roles) taken together: each round's counts added. */
    public static List<RoundRun> merge(List<RoundRun> a, List<RoundRun> b) {
        List<RoundRun> merged = new ArrayList<>();
        int i = 0;
        int j = 0;
        int round = Math.min(
                a.isEmpty() ? Integer.MAX_VALUE : a.get(0).first(),
                b.isEmpty() ? Integer.MAX_VALUE : b.get(0).first());
        while (i < a.size() || j < b.size()) {
            while (i < a.size() && a.get(i).last() < round) {
                i++;
            }
            while (j < b.size() && b.get(j).last() < round) {
                j++;
            }
            RoundRun inA = i < a.size() && a.get(i).first() <= round ? a.get(i) : null;
            RoundRun inB = j < b.size() && b.get(j).first() <= round ? b.get(j) : null;
            if (inA == null && inB == null) {
                // A round neither has: go on to the next round either has.
                int next = Math.min(
                        i < a.size() ? a.get(i).first() : Integer.MAX_VALUE,
                        j < b.size() ? b.get(j).first() : Integer.MAX_VALUE);
                if (next == Integer.MAX_VALUE) {
                    break;
                }
                round = next;
                continue;
            }
            // The stretch of rounds over which neither side changes, added as one piece.
            int until = Math.min(
                    inA != null ? inA.last() : nextStart(a, i) - 1, inB != null ? inB.last() : nextStart(b, j) - 1);
            RoundCounts counts =
                    (inA == null ? RoundCounts.NONE : inA.counts()).plus(inB == null ? RoundCounts.NONE : inB.counts());
            appendRun(merged, new RoundRun(round, until, counts));
            round = until + 1;
        }
        return merged;
    }

    private static int nextStart(List<RoundRun> runs, int from) {
        return from < runs.size() ? runs.get(from).first() : Integer.MAX_VALUE;
    }

    private static void append(List<RoundRun> runs, int round, RoundCounts counts) {
        appendRun(runs, new RoundRun(round, round, counts));
    }

    /** Adds a run after the others, joined to the last one when it follows it and went the same way. */
    private static void appendRun(List<RoundRun> runs, RoundRun run) {
        if (!runs.isEmpty()) {
            RoundRun last = runs.get(runs.size() - 1);
            if (last.last() + 1 == run.first() && last.counts().equals(run.counts())) {
                runs.set(runs.size() - 1, new RoundRun(last.first(), run.last(), last.counts()));
                return;
            }
        }
        runs.add(run);
    }
}
