package org.replaytcp.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.RoundRun;
import org.replaytcp.replay.Rounds;

/**
 * The books of one session's run: the connections under way, by round and recorded index, and what became of
 * those that finished (the results kept whole, the counts of all, the rounds). Read from other threads too
 * (progress lines, the summary of an interrupted run).
 */
final class RunLedger {

    /** What finishing a connection gave: its result, and whether that result is kept whole. */
    record Closed(ConnectionResult result, boolean kept) {}

    private final Map<Long, LiveLink> underWay = new ConcurrentHashMap<>();
    private final AtomicInteger unfinished = new AtomicInteger();
    /** Round 1's results and the first failures of later rounds: the rest are counted only. */
    private final List<ConnectionResult> results = new ArrayList<>();

    private Rounds rounds = new Rounds();
    private int finished;
    private long finishedSentBytes;

    /** The key of a connection under way: its round and its recorded index. */
    static long key(int round, int index) {
        return ((long) round << 32) | (index & 0xffffffffL);
    }

    /** The connection under way of that round and index, or null. */
    LiveLink get(int round, int index) {
        return underWay.get(key(round, index));
    }

    /** A connection of {@code round} is under way from now on. */
    synchronized void opened(LiveLink link, int round) {
        underWay.put(key(round, link.replay.index()), link);
        rounds.opened(round);
        unfinished.incrementAndGet();
    }

    /** Round {@code round} has begun: the rounds before it are settled. */
    synchronized void settle(int round) {
        rounds.settle(round);
    }

    /**
     * The connection's outcome is final: it is counted, and no longer under way ({@link #letGo} follows).
     *
     * @param currentRound the round being played now (a connection of an earlier round settles that one)
     * @return its result and whether it was kept whole, or null when it had finished already
     */
    synchronized Closed finish(LiveLink link, int currentRound) {
        if (link.replay.isFinished()) {
            return null;
        }
        link.replay.finished();
        ConnectionResult result = link.replay.result();
        boolean kept = rounds.finished(result, currentRound);
        if (kept) {
            results.add(result);
        }
        finished++;
        finishedSentBytes += result.sentBytes();
        underWay.remove(key(link.replay.round(), link.replay.index()));
        return new Closed(result, kept);
    }

    /**
     * The session let go of a finished connection (its live connection and channel handed back): only then may the
     * run end, so that nothing of it is still being handed back when the run's routes stop.
     */
    void letGo() {
        unfinished.decrementAndGet();
    }

    /** Whether every connection opened was finished and let go of. */
    boolean allFinished() {
        return unfinished.get() == 0;
    }

    /** The results kept, with every round settled: the run is over. */
    synchronized List<ConnectionResult> close() {
        rounds.settleBefore(Integer.MAX_VALUE);
        return List.copyOf(results);
    }

    /**
     * What is known now: the results kept, and the connections under way as they stand. Approximate by nature when
     * connections are still under way.
     */
    synchronized List<ConnectionResult> snapshot() {
        List<ConnectionResult> now = new ArrayList<>(results);
        for (LiveLink link : underWay.values()) {
            if (!link.replay.isFinished()) {
                now.add(link.replay.result());
            }
        }
        return now;
    }

    /** Bytes sent so far, over all connections. */
    long sentBytes() {
        long total;
        synchronized (this) {
            total = finishedSentBytes;
        }
        for (LiveLink link : underWay.values()) {
            total += link.replay.sentBytes();
        }
        return total;
    }

    /** Connections whose outcome is final, over all rounds. */
    synchronized int finishedConnections() {
        return finished;
    }

    /** How the rounds went so far. */
    synchronized List<RoundRun> rounds() {
        return rounds.runs();
    }

    /** Forgets everything: a new run begins. */
    synchronized void clear() {
        underWay.clear();
        unfinished.set(0);
        results.clear();
        rounds = new Rounds();
        finished = 0;
        finishedSentBytes = 0;
    }
}
