package org.replaytcp.camel;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.replay.ConnectionReplay;

/**
 * What the Camel side keeps for one recorded connection beside its {@link ConnectionReplay}: the live connection
 * once up, the writes still on their way to the socket, and, in the client role, the connect attempts.
 */
final class LiveLink {

    final ConnectionReplay replay;
    volatile LiveConnection live;
    /** Rewrites the fields of our frames ({@code --rewrite-bytes}), or null when there are no such rules. */
    org.replaytcp.replay.FieldRewriter rewriter;
    /** The text rules of replay.rewrite for this connection, or null. */
    org.replaytcp.replay.TextRewriter textRewriter;
    /** Client role: holds the netty producer's "give the channel back to the pool" completion, never run. */
    Exchange keeper;
    /** Server role: the timeout for a client to come, called off once one has. */
    volatile org.replaytcp.replay.PreciseScheduler.Scheduled acceptTimeout;

    long firstConnectFailureNanos = Long.MIN_VALUE;
    int connectAttempts;
    String connectError;
    private int writesInFlight;
    /** Writes that reached the socket or failed so far: how a {@link DrainWatch} sees the peer still reading. */
    private long writesEnded;

    private final List<Runnable> whenDrained = new ArrayList<>();

    /** Sends released so far: the next one's place (see {@link #pushInOrder}). */
    private long sendsReleased;
    /** The place of the next send to push. */
    private long sendsPushed;
    /** Pushes that came before their turn, by place. */
    private final java.util.TreeMap<Long, Runnable> pushesWaiting = new java.util.TreeMap<>();
    /** Held while pushing, so that pushes go to the channel one at a time, in order. */
    private final Object pushOrder = new Object();
    /**
     * The place of the first send whose exchange ended without reaching the push step (a step failed or stopped it):
     * it and every later send of this connection are dropped, so no later bytes go out after the hole (held with
     * {@link #pushOrder}).
     */
    private long stoppedAt = Long.MAX_VALUE;
    /**
     * This connection's released exchanges let go through the route thread and not yet past their synchronous
     * steps: while there are any, a later one may not go on elsewhere (it would overtake them; see {@link RouteThread}).
     */
    final java.util.concurrent.atomic.AtomicInteger goingOn = new java.util.concurrent.atomic.AtomicInteger();
    /** Checks, as each send's exchange ends, that it was pushed; one for the connection (Camel's completion). */
    final UnpushedSendGuard unpushedSendGuard = new UnpushedSendGuard(this);

    LiveLink(ConnectionReplay replay) {
        this.replay = replay;
    }

    /** A send is released: its place among this connection's sends. */
    synchronized long releasedSend() {
        return sendsReleased++;
    }

    /**
     * Pushes the send at {@code place} once every send released before it has been pushed: now if its turn has come
     * ({@code now}, then the later ones that waited for it), else, when it comes, {@code later}. Released in order,
     * sends may still reach the push step out of order: a release on the thread that reads the capture goes on
     * only once that thread's current exchange is done (Camel's queue for the thread), while the next release, on
     * another thread, goes on at once; their segments went out swapped (2026-12-06, FaultInjectionTest, about one
     * run in four). {@link RouteThread} now keeps releases in order through the synchronous steps; this still
     * holds the order when a step of a user's own goes on asynchronously.
     *
     * @return what {@code now} returned, or null when the send waits for its turn
     */
    Boolean pushInOrder(long place, java.util.function.BooleanSupplier now, Runnable later) {
        synchronized (pushOrder) {
            if (place != sendsPushed) {
                pushesWaiting.put(place, later);
                return null;
            }
            boolean result = now.getAsBoolean();
            turnPassed();
            return result;
        }
    }

    /** Under {@link #pushOrder}: the current send's turn is over; the ones that waited for theirs go, in order. */
    private void turnPassed() {
        sendsPushed++;
        for (Runnable next = pushesWaiting.remove(sendsPushed);
                next != null;
                next = pushesWaiting.remove(sendsPushed)) {
            next.run();
            sendsPushed++;
        }
    }

    /**
     * Whether the send at {@code place} is to be dropped: an earlier send, or this one, never reached the push step.
     * Called by the pushes {@link #pushInOrder} runs, in order.
     */
    boolean stopped(long place) {
        synchronized (pushOrder) {
            return place >= stoppedAt;
        }
    }

    /**
     * The exchange of the send at {@code place} has ended. If it was pushed (or waits for its turn to be), nothing
     * happens; if it never reached the push step, it and every later send are dropped (their pushes go on without
     * writing), its place is passed so that the sends waiting behind it are not held forever, and true is returned.
     */
    boolean giveUpIfNotPushed(long place) {
        synchronized (pushOrder) {
            if (place < sendsPushed || pushesWaiting.containsKey(place)) {
                return false;
            }
            stoppedAt = Math.min(stoppedAt, place);
            if (place != sendsPushed) {
                pushesWaiting.put(place, () -> {}); // its turn passes without a write when it comes
                return true;
            }
            turnPassed();
            return true;
        }
    }

    /** A write of ours is on its way. */
    synchronized void writeStarted() {
        writesInFlight++;
    }

    /** A write reached the socket, or failed. */
    void writeEnded() {
        List<Runnable> ready;
        synchronized (this) {
            writesInFlight--;
            writesEnded++;
            if (writesInFlight > 0 || whenDrained.isEmpty()) {
                return;
            }
            ready = new ArrayList<>(whenDrained);
            whenDrained.clear();
        }
        ready.forEach(Runnable::run);
    }

    /**
     * Runs {@code action} once every write handed over so far has reached the socket (at once if none is on its
     * way): a FIN, RST or close before then would throw away what still waits in netty's outbound buffer.
     */
    void whenDrained(Runnable action) {
        synchronized (this) {
            if (writesInFlight > 0) {
                whenDrained.add(action);
                return;
            }
        }
        action.run();
    }

    /** Gives up waiting for writes that never end (a peer that stopped reading): runs what waited for them. */
    void abandonWrites() {
        List<Runnable> ready;
        synchronized (this) {
            writesInFlight = 0;
            ready = new ArrayList<>(whenDrained);
            whenDrained.clear();
        }
        ready.forEach(Runnable::run);
    }

    synchronized long writesEnded() {
        return writesEnded;
    }

    synchronized boolean drained() {
        return writesInFlight == 0;
    }
}
