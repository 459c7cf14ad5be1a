package org.replaytcp.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.replaytcp.tcp.TcpEvent;

/**
 * The recorded events of one connection waiting for their turn, in capture order: the head's turn is asked of
 * its {@link ConnectionReplay}, and the head is released when that says so — at its due time on the
 * {@link PreciseScheduler}, at once, or when the peer or the live connection has moved (the core's change
 * listener drives the lane again). A lane waits for nothing but its own connection's news, so a connection that
 * waits holds back only itself. (One lane for every connection keeps the capture's order across connections:
 * the strict mode.)
 *
 * @param <T> what the caller releases: in Camel, the exchange and its callback
 */
public final class ReplayLane<T> {

    /** How a released item goes on its way. */
    public interface Releaser<T> {

        /**
         * {@code item}'s turn has come ({@code dueNanos}: when it was due, {@link Readiness#NOW} if unpaced), or,
         * with {@code skipped}, it has nothing to do live (no live connection): only let it go. Runs on the
         * connection's writer when paced, else on whichever thread moved the lane.
         */
        void release(T item, ConnectionReplay connection, Turn turn, long dueNanos, boolean skipped);

        /** The thread that writes to the connection's live socket (its event loop), or null. */
        Executor writer(ConnectionReplay connection);

        /**
         * How long before its due time to let {@code turn} go (0: at its due time): for a segment whose writer
         * holds it until due, the time the steps before the socket take.
         */
        long lead(ConnectionReplay connection, Turn turn);
    }

    private final class Pending {
        final T item;
        final ConnectionReplay connection;
        final TcpEvent event;
        final long virtual;
        Turn turn;
        boolean scheduled;
        boolean timerSet;
        /** The await timeout of the head, called off once it goes. */
        PreciseScheduler.Scheduled timer;

        Pending(T item, ConnectionReplay connection, TcpEvent event, long virtual) {
            this.item = item;
            this.connection = connection;
            this.event = event;
            this.virtual = virtual;
        }
    }

    private record Release<T>(T item, ConnectionReplay connection, Turn turn, long due, boolean skipped) {}

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Taken off the queue, to be released in this order (by whichever thread is draining). */
    private final ArrayDeque<Release<T>> ready = new ArrayDeque<>();
    /** One thread at a time releases, so releases happen in the connection's order. */
    private boolean draining;

    private boolean lookAgain;
    private final PreciseScheduler scheduler;
    private final ReplayClock clock;
    private final Releaser<T> releaser;

    public ReplayLane(PreciseScheduler scheduler, ReplayClock clock, Releaser<T> releaser) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.releaser = releaser;
    }

    /** The next recorded event of {@code connection}, recorded at {@code virtual}; call in capture order. */
    public void add(T item, ConnectionReplay connection, TcpEvent event, long virtual) {
        synchronized (this) {
            queue.add(new Pending(item, connection, event, virtual));
        }
        drive();
    }

    /**
     * Looks at the head again: releases it, or arranges to be driven when it may go. Any thread; if another is
     * releasing already, that one looks again instead, so releases never overtake each other.
     */
    public void drive() {
        synchronized (this) {
            if (draining) {
                lookAgain = true;
                return;
            }
            draining = true;
        }
        while (true) {
            Release<T> release;
            synchronized (this) {
                lookAgain = false;
                release = ready.poll();
                if (release == null) {
                    release = next();
                }
                if (release == null && !lookAgain) {
                    draining = false;
                    return;
                }
            }
            if (release != null) {
                releaser.release(
                        release.item(), release.connection(), release.turn(), release.due(), release.skipped());
            }
        }
    }

    /** Under the lock: the head if it may go now (taken off), else null after arranging a later look. */
    private Release<T> next() {
        Pending head = queue.peek();
        if (head == null || head.scheduled) {
            return null;
        }
        if (head.turn == null) {
            head.turn = head.connection.turnFor(head.event, head.virtual);
        }
        long now = clock.nanoTime();
        Readiness readiness = head.connection.readiness(head.turn, now);
        if (readiness instanceof Readiness.At at) {
            if (at.dueNanos() == Readiness.NOW || at.dueNanos() - now <= 0) {
                take();
                return new Release<>(head.item, head.connection, head.turn, at.dueNanos(), false);
            }
            long early = at.dueNanos() - releaser.lead(head.connection, head.turn);
            if (early - now <= 0) {
                take();
                return new Release<>(head.item, head.connection, head.turn, at.dueNanos(), false);
            }
            head.scheduled = true;
            Executor writer = releaser.writer(head.connection);
            if (releaser.lead(head.connection, head.turn) > 0) {
                // Its writer waits out the rest precisely: a plain hand-over to where it goes on is enough.
                scheduler.at(early, null, () -> writer.execute(() -> fire(head, at.dueNanos())));
            } else {
                scheduler.at(early, writer, () -> fire(head, at.dueNanos()));
            }
            return null;
        }
        if (readiness instanceof Readiness.Skip) {
            take();
            return new Release<>(head.item, head.connection, head.turn, Readiness.NOW, true);
        }
        if (readiness instanceof Readiness.AwaitPeer await && !head.timerSet) {
            head.timerSet = true;
            head.timer = scheduler.at(await.deadlineNanos(), null, () -> timedOut(head));
        }
        return null; // AwaitLive, AwaitPeer: the core's change listener drives the lane again
    }

    /**
     * The scheduled head's time has come: release it (here, on its writer's thread, unless another thread is
     * releasing this lane's items just now), then look at the next.
     */
    private void fire(Pending head, long due) {
        synchronized (this) {
            if (queue.peek() != head) {
                return;
            }
            take();
            ready.add(new Release<>(head.item, head.connection, head.turn, due, false));
        }
        drive();
    }

    /**
     * The replay is given up: every item still waiting (and any taken but not yet released) leaves the lane, with
     * no turn; their timers are called off. A fire already scheduled finds the queue empty and does nothing.
     *
     * @return the items, in the lane's order, for the caller to let go
     */
    public synchronized List<T> abandonAll() {
        List<T> items = new ArrayList<>();
        ready.forEach(release -> items.add(release.item()));
        ready.clear();
        while (!queue.isEmpty()) {
            items.add(queue.peek().item);
            take();
        }
        return items;
    }

    /** Under the lock: the head leaves the queue, and its await timeout, if any, is called off. */
    private void take() {
        Pending head = queue.poll();
        if (head != null && head.timer != null) {
            head.timer.cancel();
            head.timer = null;
        }
    }

    private void timedOut(Pending head) {
        synchronized (this) {
            if (queue.peek() != head || head.scheduled) {
                return;
            }
            long now = clock.nanoTime();
            if (!(head.connection.readiness(head.turn, now) instanceof Readiness.AwaitPeer)) {
                return; // the peer came meanwhile
            }
            head.connection.peerTimedOut(now);
        }
        drive();
    }
}
