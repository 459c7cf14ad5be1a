package org.replaytcp.camel;

import java.time.Duration;
import java.util.ArrayDeque;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.netty.LiveConnections;
import org.replaytcp.replay.Readiness;

/**
 * The server role's glue (replay-tcp listens, as Polyview): the Nth client the listener accepts, from whatever
 * port, plays the Nth recorded connection; each must come within the accept timeout; segments are pushed to it
 * when its socket takes more; clients beyond the recorded connections are closed and counted.
 */
final class ServerRole {

    private final ReplaySession session;
    private final LiveConnections connections;
    private final double acceptTimeout;
    /** Recorded connections waiting for a client, in capture order. */
    private final ArrayDeque<LiveLink> awaitingClient = new ArrayDeque<>();

    ServerRole(ReplaySession session, LiveConnections connections, double acceptTimeout) {
        this.session = session;
        this.connections = connections;
        this.acceptTimeout = acceptTimeout;
        connections.onAccept(this::matchClients);
    }

    /** A recorded connection now waits for the next client the listener accepts. */
    void expect(LiveLink link) {
        synchronized (awaitingClient) {
            awaitingClient.add(link);
        }
        scheduleAcceptTimeout(link);
        matchClients();
    }

    /**
     * The client must come within the accept timeout of when its connection was recorded to open (counted from
     * the first connection that came up), or of now for the first.
     */
    private void scheduleAcceptTimeout(LiveLink link) {
        long timeout = Duration.ofMillis((long) (acceptTimeout * 1000)).toNanos();
        long openDue = session.runOrigin()
                .due(
                        link.replay.openVirtual(),
                        session.options().topSpeed()
                                ? Double.MAX_VALUE
                                : session.options().speed());
        long deadline = Math.max(session.clock().nanoTime(), openDue == Readiness.NOW ? 0 : openDue) + timeout;
        link.acceptTimeout = session.scheduler().at(deadline, null, () -> {
            boolean waited;
            synchronized (awaitingClient) {
                waited = awaitingClient.remove(link);
            }
            if (waited) {
                link.replay.gaveUp(
                        "no client connected within " + acceptTimeout + " s",
                        session.clock().nanoTime());
            }
        });
    }

    /** Pairs accepted clients with waiting recorded connections, both in order. */
    void matchClients() {
        while (true) {
            LiveLink link;
            LiveConnection live;
            synchronized (awaitingClient) {
                if (awaitingClient.isEmpty()) {
                    return;
                }
                live = connections.pollAccepted();
                if (live == null) {
                    return;
                }
                link = awaitingClient.poll();
            }
            if (link.acceptTimeout != null) {
                link.acceptTimeout.cancel(); // came in time: the timeout lets go of the connection now
                link.acceptTimeout = null;
            }
            session.bind(link, live);
        }
    }

    /** Clients beyond the recorded connections got no replay: close them, and say how many there were. */
    void closeExtraClients() {
        int[] extra = {0};
        connections.forEachWaiting(client -> {
            client.close();
            extra[0]++;
        });
        if (extra[0] > 0) {
            ReplayRun.of(session.getCamelContext())
                    .note("server role: " + extra[0] + " more client(s) connected than the capture "
                            + "has connections; they were closed");
        }
    }
}
