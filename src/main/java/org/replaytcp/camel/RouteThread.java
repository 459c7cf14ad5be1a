package org.replaytcp.camel;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;

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

    private final ExecutorService executor;
    private volatile Thread thread;
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
     * Lets a released exchange go on after those of its connection released before it; {@code goingOn} counts the
     * connection's exchanges let go here and not yet past their synchronous steps.
     */
    void goOn(AsyncCallback callback, AtomicInteger goingOn) {
        goingOn.incrementAndGet();
        if (Thread.currentThread() == thread && !routing && goingOn.get() == 1) {
            routeHere(callback, goingOn);
            return;
        }
        try {
            executor.execute(() -> routeHere(callback, goingOn));
        } catch (RejectedExecutionException runIsOver) {
            goingOn.decrementAndGet();
            callback.done(false); // Camel must still see the exchange done
        }
    }

    /**
     * An exchange goes on here and now, as far as its next asynchronous step: call on this thread only (the
     * push step's hand-over from the event loop comes this way).
     */
    void routeHere(AsyncCallback callback) {
        boolean outer = routing;
        routing = true;
        try {
            callback.done(false);
        } finally {
            routing = outer;
        }
    }

    private void routeHere(AsyncCallback callback, AtomicInteger goingOn) {
        try {
            routeHere(callback);
        } finally {
            goingOn.decrementAndGet();
        }
    }

    void shutdown() {
        executor.shutdown();
    }

    void shutdownNow() {
        executor.shutdownNow();
    }
}
