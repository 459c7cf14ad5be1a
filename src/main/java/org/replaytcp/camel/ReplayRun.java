package org.replaytcp.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.replay.ReplaySummary;
import org.replaytcp.replay.RoundRun;
import org.replaytcp.replay.Rounds;

/**
 * The replay sessions of one CamelContext taken together: knows when all that run have finished, then prints
 * the summary, sends the report to {@code replay.done-uri} if one is set and, if asked
 * ({@code replay.exit-when-done=true}), stops the context so {@code camel:run} exits.
 */
public final class ReplayRun {

    private final CamelContext context;
    private final List<ReplaySession> sessions = new ArrayList<>();
    private final List<ReplaySession> finishedSessions = new ArrayList<>();
    private final List<ConnectionResult> results = new ArrayList<>();
    private volatile CompletableFuture<ReplayReport> done = new CompletableFuture<>();
    private long startNanos = Long.MIN_VALUE;
    private final List<String> notes = new ArrayList<>();
    /** The rounds of the finished sessions, merged. */
    private List<RoundRun> rounds = List.of();
    /** How many rounds the capture is read (the pcap: consumer's loop option; 0 until stopped). */
    private volatile int plannedRounds = 1;

    private ReplayRun(CamelContext context) {
        this.context = context;
    }

    /**
     * The run of this context, made on first use. Kept as a context plugin, not in the registry: sessions ask for it
     * from their own threads while Camel may be reading the registry (loading routes), and the default registry is a
     * plain map (a route file loaded during a replay failed with ConcurrentModificationException).
     */
    public static ReplayRun of(CamelContext context) {
        synchronized (context) {
            ReplayRun run = context.getCamelContextExtension().getContextPlugin(ReplayRun.class);
            if (run == null) {
                run = new ReplayRun(context);
                context.getCamelContextExtension().addContextPlugin(ReplayRun.class, run);
            }
            return run;
        }
    }

    /**
     * A new run of the same routes ({@link ReplayTrigger}): what the last one found is forgotten, and a new result
     * is to come.
     *
     * @return the new run's result
     * @throws IllegalStateException when a run is under way
     */
    public synchronized CompletableFuture<ReplayReport> begin() {
        if (!done.isDone() && !sessions.isEmpty()) {
            throw new IllegalStateException("a replay is under way: it must end before another starts");
        }
        reset();
        return done;
    }

    private void reset() {
        sessions.clear();
        finishedSessions.clear();
        results.clear();
        notes.clear();
        rounds = List.of();
        startNanos = Long.MIN_VALUE;
        if (done.isDone()) {
            done = new CompletableFuture<>();
        }
    }

    /** A session has started pacing (its first exchange arrived). */
    synchronized void register(ReplaySession session) {
        if (done.isDone()) {
            reset(); // routes started again without a trigger (by hand, a control bus): a new run
        }
        if (!sessions.contains(session)) {
            sessions.add(session);
        }
    }

    /**
     * A session has warmed up and is ready to play at {@code nanos} (System.nanoTime): the replay's duration counts
     * from the first such moment (the warm-up is start-up, not replay).
     */
    synchronized void ready(long nanos) {
        startNanos = startNanos == Long.MIN_VALUE ? nanos : Math.min(startNanos, nanos);
    }

    /** Something worth a line in the summary that belongs to no one connection. */
    synchronized void note(String note) {
        notes.add(note);
    }

    /** A pcap: consumer reads its capture this many times (0: until stopped or its duration is over). */
    void planRounds(int rounds) {
        plannedRounds = rounds;
    }

    /** A pcap: consumer has read its whole capture; if no session was waiting on it, the run may be over. */
    synchronized void captureRead() {
        if (!sessions.isEmpty() && !done.isDone()) {
            checkDone();
        }
    }

    synchronized void finished(
            ReplaySession session, List<ConnectionResult> sessionResults, List<RoundRun> sessionRounds) {
        results.addAll(sessionResults);
        rounds = Rounds.merge(rounds, sessionRounds);
        finishedSessions.add(session);
        checkDone();
    }

    /**
     * The replay cannot go on ({@code why}: a listener that cannot listen, a refused route, a trigger's timeout): the
     * result completes with it, its sessions start afresh only when the routes start again, and Camel
     * stops when the run is to end by itself ({@code replay.exit-when-done}).
     */
    void fail(Exception why) {
        List<ReplaySession> running;
        synchronized (this) {
            if (!done.completeExceptionally(why)) {
                return;
            }
            running = new ArrayList<>(sessions);
            running.removeAll(finishedSessions);
        }
        // Nothing more is read, and what waits in the sessions' lanes goes on with nothing to do: Camel can stop at
        // once (it waited out its 45 s graceful shutdown for exchanges that would never go on).
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof PcapConsumer capture) {
                capture.stopReading();
            }
        }
        running.forEach(ReplaySession::abandon);
        stopIfAsked();
    }

    /** Whether the run failed as a whole (until a new run begins: {@link #begin}, or the routes start again). */
    boolean hasFailed() {
        return done.isCompletedExceptionally();
    }

    /** A pcap: consumer starts reading: if the last run is over (routes started again by hand), a new one begins. */
    synchronized void readingStarts() {
        if (done.isDone()) {
            reset();
        }
    }

    /** Completes once every session whose route runs has finished: the results by role, then index. */
    public CompletableFuture<ReplayReport> result() {
        return done;
    }

    /**
     * What is done so far, for progress lines: connections finished and bytes sent, over all sessions. The sessions
     * are asked without this run's lock held: a session calls into the run while holding its own lock (when it
     * starts, when it finishes), so asking it under ours could deadlock (it did: Ctrl-C or the deadline during a
     * session's warm-up hung the replay).
     */
    public Progress progress() {
        long bytes = 0;
        long connections = 0;
        long lagMicros = 0;
        int round = 1;
        for (ReplaySession session : sessions()) {
            bytes += session.sentBytes();
            connections += session.finishedConnections();
            lagMicros = Math.max(lagMicros, session.currentLagMicros());
            round = Math.max(round, session.currentRound());
        }
        return new Progress(connections, bytes, lagMicros, round, plannedRounds);
    }

    /** The report as it stands, for a summary when the replay is interrupted (sessions asked as in progress()). */
    public ReplayReport snapshot() {
        List<ConnectionResult> all;
        List<ReplaySession> running = new ArrayList<>();
        double seconds;
        List<String> notesNow;
        List<RoundRun> roundsNow;
        synchronized (this) {
            all = new ArrayList<>(results);
            roundsNow = rounds;
            for (ReplaySession session : sessions) {
                if (!finishedSessions.contains(session)) {
                    running.add(session);
                }
            }
            seconds = startNanos == Long.MIN_VALUE ? 0 : (System.nanoTime() - startNanos) / 1e9;
            notesNow = new ArrayList<>(notes);
        }
        for (ReplaySession session : running) {
            all.addAll(session.snapshot());
            roundsNow = Rounds.merge(roundsNow, session.rounds());
        }
        all.sort(ConnectionResult.ORDER);
        return ReplayReport.of(all, seconds, notesNow).withRounds(loopRounds(roundsNow), plannedRounds);
    }

    /** The rounds, when the capture was read more than once; none otherwise (nothing to say beyond the table). */
    private List<RoundRun> loopRounds(List<RoundRun> all) {
        return plannedRounds == 1 ? List.of() : all;
    }

    private synchronized List<ReplaySession> sessions() {
        return new ArrayList<>(sessions);
    }

    /** A snapshot for progress lines. */
    public record Progress(long connectionsDone, long bytesSent, long lagMicros, int round, int plannedRounds) {}

    private void checkDone() {
        if (done.isDone() || !finishedSessions.containsAll(sessions)) {
            return;
        }
        // A replay route that has not sent its first exchange yet has no session here: wait for its capture.
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof PcapConsumer capture
                    && !capture.isCaptureRead()
                    && routeRuns(route.getRouteId())
                    && sessions.stream().noneMatch(s -> route.getRouteId().equals(s.getRoute()))) {
                return;
            }
        }
        List<ConnectionResult> all = new ArrayList<>(results);
        all.sort(ConnectionResult.ORDER);
        double seconds = startNanos == Long.MIN_VALUE ? 0 : (System.nanoTime() - startNanos) / 1e9;
        ReplayReport report = ReplayReport.of(all, seconds, notes).withRounds(loopRounds(rounds), plannedRounds);
        if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{replay.print-summary:true}}"))) {
            System.out.print(ReplaySummary.format(report));
            System.out.flush();
        }
        done.complete(report);
        String doneUri =
                context.resolvePropertyPlaceholders("{{replay.done-uri:}}").trim();
        if (doneUri.isEmpty()) {
            stopIfAsked();
            return;
        }
        // Not on the thread that finished the last connection (an event loop, maybe): the route at done-uri may
        // take its time. Camel stops, if asked, once it has the report.
        Thread deliver = new Thread(
                () -> {
                    ReplayDoneMessage.send(context, doneUri, report);
                    stopIfAsked();
                },
                "replay-done");
        deliver.start();
    }

    /** With {@code replay.exit-when-done}, stops Camel (on a thread of its own: a route thread cannot stop its route). */
    private void stopIfAsked() {
        if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{replay.exit-when-done:false}}"))) {
            Thread stopper = new Thread(
                    () -> {
                        try {
                            context.stop();
                        } catch (RuntimeException e) {
                            // stopping is best effort; the run is over either way
                        }
                    },
                    "replay-stop");
            stopper.start();
        }
    }

    private boolean routeRuns(String routeId) {
        if (routeId == null) {
            return true;
        }
        Route route = context.getRoute(routeId);
        if (route == null) {
            return false;
        }
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        return status != null && (status.isStarted() || status.isStarting());
    }
}
