package org.replaytcp.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * The one thread on which a session's released exchanges go on through the route, and the rule that keeps each
 * connection's exchanges in the order they were released through the steps after the pacing step (the rewrite
 * step's counters and a user's own steps depend on it).
 *
 * <p>Why a rule is needed: Camel lets an exchange go on at once on a thread that is not routing one, but queues it
 * on a thread that is (until that thread's current exchange is done). A release made while the capture's reading
 * thread is routing another exchange was so held back, while the next release of the same connection, here, went
 * on at once and overtook it: the rewrite step then numbered frames out of order (RewriteStepRoutesTest, about one
 * run in three, 2026-12-07). So an exchange goes on here at once only when this thread is not routing one and
 * nothing of its connection is still going on; otherwise it is queued here, behind those of its connection.
 */
final class RouteThread implements Executor {

    /**
     * An exchange to go on ({@code exchange} null once pushed: nothing more to tell it); {@code goingOn} counts its
     * connection's exchanges let go here and not yet past their synchronous steps.
     */
    record Hop(Exchange exchange, AsyncCallback callback, AtomicInteger goingOn) {}

    /** A hop waiting in the thread's queue (so that one stopping at once can hand it back). */
    private final class QueuedHop implements Runnable {
        private final Hop hop;

        QueuedHop(Hop hop) {
            this.hop = hop;
        }

        @Override
        public void run() {
            routeHere(hop);
        }
    }

    private final ExecutorService executor;
    private volatile Thread thread;
    /** Exchanges queued here after their push (no connection's order to keep: one count for all). */
    private final AtomicInteger afterPush = new AtomicInteger();
    /** This thread is routing an exchange now (only touched on this thread). */
    private boolean routing;

    RouteThread(String role) {
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread made = new Thread(task, "replay-route-" + role);
            made.setDaemon(true);
            thread = made;
            return made;
        });
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /**
     * Lets a released exchange go on after those of its connection released before it ({@code goingOn}: the
     * connection's count, see {@link Hop}).
     */
    void goOn(Exchange exchange, AsyncCallback callback, AtomicInteger goingOn) {
        goingOn.incrementAndGet();
        Hop hop = new Hop(exchange, callback, goingOn);
        if (Thread.currentThread() == thread && !routing && goingOn.get() == 1) {
            routeHere(hop);
            return;
        }
        queue(hop);
    }

    /** The exchange goes on here after its push, off the event loop (whose time the writes need). */
    void goOnAfterPush(AsyncCallback callback) {
        afterPush.incrementAndGet();
        queue(new Hop(null, callback, afterPush));
    }

    private void queue(Hop hop) {
        try {
            executor.execute(new QueuedHop(hop));
        } catch (RejectedExecutionException runIsOver) {
            hop.goingOn().decrementAndGet();
            hop.callback().done(false); // Camel must still see the exchange done
        }
    }

    /** An exchange goes on here and now, as far as its next asynchronous step: call on this thread only. */
    private void routeHere(Hop hop) {
        boolean outer = routing;
        routing = true;
        try {
            hop.callback().done(false);
        } finally {
            routing = outer;
            hop.goingOn().decrementAndGet();
        }
    }

    void shutdown() {
        executor.shutdown();
    }

    /**
     * Stops at once: tasks not yet run are dropped, except the exchanges queued to go on, which are returned (Camel
     * waits for every exchange it sent to be done; the caller lets them go on with nothing to do).
     */
    List<Hop> shutdownNow() {
        List<Hop> hops = new ArrayList<>();
        for (Runnable task : executor.shutdownNow()) {
            if (task instanceof QueuedHop queued) {
                hops.add(queued.hop);
            }
        }
        return hops;
    }
}
