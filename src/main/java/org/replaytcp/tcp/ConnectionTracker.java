package org.replaytcp.tcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.packet.TcpSegment;

/**
 * Turns TCP segments, in capture order, into connections and their events. No I/O: segments in, events out.
 *
 * <p>A connection is its 4-tuple plus its SYN: a SYN on a 4-tuple whose connection has closed (FIN or RST), or
 * with another initial sequence number, starts a new connection. Closed connections stay known for a while so
 * that late ACKs and retransmitted FINs are counted where they belong.
 */
public final class ConnectionTracker {

    /** How long, in capture time, a closed connection keeps claiming its 4-tuple (twice the usual MSL). */
    private static final long CLOSED_LINGER_NANOS = 240_000_000_000L;

    /** An unordered pair of endpoints. */
    /** Both directions of a connection map to the same key; equals and hash written out (cheap before the JIT). */
    private record FlowKey(Endpoint low, Endpoint high, int hash) {
        static FlowKey of(Endpoint a, Endpoint b) {
            return a.compareTo(b) <= 0
                    ? new FlowKey(a, b, 31 * a.hashCode() + b.hashCode())
                    : new FlowKey(b, a, 31 * b.hashCode() + a.hashCode());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FlowKey that && hash == that.hash && low.equals(that.low) && high.equals(that.high);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The mutable state of one connection. */
    private final class Connection {
        final ConnectionInfo info;
        final StreamReassembler clientToServer;
        final StreamReassembler serverToClient;
        long packets;
        long lastNanos;
        ConnectionEnd end;
        long closedNanos;

        Connection(ConnectionInfo info) {
            this.info = info;
            this.clientToServer = new StreamReassembler(info, Direction.CLIENT_TO_SERVER, sink, payloadWanted);
            this.serverToClient = new StreamReassembler(info, Direction.SERVER_TO_CLIENT, sink, payloadWanted);
        }

        StreamReassembler stream(Direction direction) {
            return direction == Direction.CLIENT_TO_SERVER ? clientToServer : serverToClient;
        }

        ConnectionSummary summary() {
            return new ConnectionSummary(
                    info,
                    info.openedNanos(),
                    lastNanos,
                    packets,
                    clientToServer.deliveredBytes(),
                    serverToClient.deliveredBytes(),
                    clientToServer.retransmittedBytes() + serverToClient.retransmittedBytes(),
                    clientToServer.outOfOrderSegments() + serverToClient.outOfOrderSegments(),
                    clientToServer.missingBytes() + serverToClient.missingBytes(),
                    end == null ? ConnectionEnd.OPEN : end);
        }
    }

    private final ServerInference inference;
    private final boolean payloadWanted;
    private final Consumer<TcpEvent> sink;
    private final Consumer<ConnectionSummary> retired;
    private final Map<FlowKey, Connection> connections = new HashMap<>();
    private final ArrayDeque<Connection> closedInOrder = new ArrayDeque<>();
    private int nextIndex;

    /**
     * @param inference how to tell the server when there is no SYN
     * @param sink      receives the events, in capture order
     * @param retired   receives each connection's summary once nothing more can change it
     */
    public ConnectionTracker(ServerInference inference, Consumer<TcpEvent> sink, Consumer<ConnectionSummary> retired) {
        this(inference, sink, retired, true);
    }

    /**
     * @param payloadWanted false when only the summaries matter: no data events are made (their payload copies
     *                      are the bulk of the work), every other event and every count stays
     */
    public ConnectionTracker(
            ServerInference inference,
            Consumer<TcpEvent> sink,
            Consumer<ConnectionSummary> retired,
            boolean payloadWanted) {
        this.inference = inference;
        this.sink = sink;
        this.retired = retired;
        this.payloadWanted = payloadWanted;
    }

    /** The key of the previous segment, reused while segments come from the same connection (they mostly do). */
    private FlowKey lastKey;

    private FlowKey keyOf(TcpSegment segment) {
        FlowKey last = lastKey;
        if (last != null
                && (last.low().equals(segment.source()) && last.high().equals(segment.destination())
                        || last.low().equals(segment.destination())
                                && last.high().equals(segment.source()))) {
            return last;
        }
        lastKey = FlowKey.of(segment.source(), segment.destination());
        return lastKey;
    }

    /** One captured segment. */
    public void accept(TcpSegment segment) {
        long now = segment.timestampNanos();
        retireLingering(now);
        FlowKey key = keyOf(segment);
        Connection connection = connections.get(key);
        boolean opening = segment.syn() && !segment.ack();
        if (connection != null && opening && startsAnother(connection, segment)) {
            if (connection.end == null) {
                close(connection, ConnectionEnd.OPEN, now);
            }
            connections.remove(key);
            retired.accept(connection.summary());
            connection = null;
        }
        if (connection == null) {
            connection = open(segment);
            connections.put(key, connection);
        }
        connection.packets++;
        connection.lastNanos = Math.max(connection.lastNanos, now);
        if (connection.end != null) {
            return; // a late packet of a closed connection: counted, nothing more to say
        }
        Direction direction = segment.source().equals(connection.info.client())
                ? Direction.CLIENT_TO_SERVER
                : Direction.SERVER_TO_CLIENT;
        StreamReassembler stream = connection.stream(direction);
        StreamReassembler peer = connection.stream(direction.opposite());
        if (segment.syn()) {
            stream.synchronize(segment.sequence());
        }
        if (segment.rst()) {
            sink.accept(new TcpEvent.ConnectionReset(connection.info, now, direction));
            close(connection, ConnectionEnd.RST, now);
            return;
        }
        if (segment.ack()) {
            peer.acknowledged(segment.acknowledgment(), now);
        }
        long dataSequence = segment.syn() ? segment.sequence() + 1 : segment.sequence();
        if (segment.payloadLength() > 0) {
            stream.offer(
                    dataSequence & 0xFFFF_FFFFL,
                    segment.frame(),
                    segment.payloadOffset(),
                    segment.capturedPayload(),
                    segment.missingPayload(),
                    now);
        }
        if (segment.fin()) {
            stream.finish((dataSequence + segment.payloadLength()) & 0xFFFF_FFFFL, now);
        }
        if (connection.clientToServer.halfClosed() && connection.serverToClient.halfClosed()) {
            close(connection, ConnectionEnd.FIN, now);
        }
    }

    /** A SYN on a known 4-tuple starts a new connection unless it repeats the SYN that opened this one. */
    private static boolean startsAnother(Connection connection, TcpSegment syn) {
        if (connection.end != null) {
            return true;
        }
        StreamReassembler senderStream =
                syn.source().equals(connection.info.client()) ? connection.clientToServer : connection.serverToClient;
        return senderStream.synchronizedBySyn() && senderStream.initialSequence() != syn.sequence()
                || !senderStream.synchronizedBySyn() && senderStream.started();
    }

    private Connection open(TcpSegment segment) {
        Endpoint client;
        Endpoint server;
        RoleSource roleFrom = RoleSource.SYN;
        if (segment.syn()) {
            client = segment.ack() ? segment.destination() : segment.source();
            server = segment.ack() ? segment.source() : segment.destination();
        } else {
            server = inference.serverOf(segment.source(), segment.destination());
            client = server.equals(segment.source()) ? segment.destination() : segment.source();
            roleFrom = RoleSource.INFERRED;
        }
        ConnectionInfo info = new ConnectionInfo(nextIndex++, client, server, roleFrom, segment.timestampNanos());
        sink.accept(new TcpEvent.ConnectionOpened(info, segment.timestampNanos()));
        Connection connection = new Connection(info);
        connection.lastNanos = segment.timestampNanos();
        return connection;
    }

    private void close(Connection connection, ConnectionEnd end, long now) {
        connection.clientToServer.flush(now);
        connection.serverToClient.flush(now);
        connection.end = end;
        connection.closedNanos = now;
        closedInOrder.addLast(connection);
        sink.accept(new TcpEvent.ConnectionClosed(connection.info, now, end));
    }

    private void retireLingering(long now) {
        while (!closedInOrder.isEmpty() && now - closedInOrder.peekFirst().closedNanos > CLOSED_LINGER_NANOS) {
            Connection old = closedInOrder.pollFirst();
            FlowKey key = FlowKey.of(old.info.client(), old.info.server());
            if (connections.get(key) == old) {
                connections.remove(key);
                retired.accept(old.summary());
            }
        }
    }

    /** The capture has ended: connections still open are reported as such, and every summary is handed on. */
    public void finish() {
        List<Connection> remaining = new ArrayList<>(connections.values());
        remaining.sort(Comparator.comparingInt(c -> c.info.index()));
        for (Connection connection : remaining) {
            if (connection.end == null) {
                close(connection, ConnectionEnd.OPEN, connection.lastNanos);
            }
            retired.accept(connection.summary());
        }
        connections.clear();
        closedInOrder.clear();
    }
}
