package org.replaytcp.camel;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.support.DefaultExchange;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.netty.LiveConnections;
import org.replaytcp.replay.ConnectionPacer;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.IgnoreRules;
import org.replaytcp.replay.MaskedExpectation;
import org.replaytcp.replay.RecordedTimeline;
import org.replaytcp.replay.ReplayClock;
import org.replaytcp.replay.ReplayOptions;
import org.replaytcp.replay.SystemReplayClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one side of the recorded connections: the pacing step of a replay route, and the steps around the
 * camel-netty endpoint. A route feeds it every exchange of a {@code pcap:} consumer (both directions, with
 * events) in capture order.
 *
 * <ul>
 *   <li>{@link #pace}: waits until the exchange is due (recorded timing, await-peer), keeps track of what the
 *       recorded peer sent, and tells the next step what to do in the {@code CamelReplayAction} header.</li>
 *   <li>{@link #afterSend} (client role, after the netty producer): keeps the connection the producer opened for
 *       its recorded connection, and counts what went out.</li>
 *   <li>{@link #push} (server role): writes a segment to the client that the netty consumer accepted.</li>
 * </ul>
 *
 * <p>Events are handled in capture order on the consumer's thread, which keeps cause before effect across
 * connections, as recorded.
 */
public final class ReplaySession implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySession.class);

    private CamelContext camelContext;
    private String role = "client";
    private String route;
    private double speed = 1.0;
    private boolean topSpeed;
    private double maxGap;
    private boolean awaitPeer = true;
    private double awaitTimeout = 10;
    private double acceptTimeout = 60;
    private long connectTimeoutMillis = 30_000;
    private String listenerRoute;
    private LiveConnections connections;
    private ReplayClock clock = SystemReplayClock.INSTANCE;
    private boolean verify = true;
    private String ignore = "";
    private String ignoreBytes = "";
    private IgnoreRules rules = IgnoreRules.NONE;

    private ReplayOptions options;
    private RecordedTimeline timeline;
    private final Map<Integer, ReplayedConnection> replayed = new LinkedHashMap<>();
    private final List<ConnectionResult> results = new ArrayList<>();
    private long firstUpNanos = Long.MIN_VALUE;
    private long firstOpenVirtual;
    private boolean targetUnreachable;
    private final java.util.concurrent.atomic.AtomicLong sentTotal = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastLagMicros;

    /** The pacing step: see the class description. */
    public void pace(Exchange exchange) throws InterruptedException {
        start(exchange);
        Message in = exchange.getIn();
        in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_NONE);
        String type = in.getHeader(PcapConstants.EVENT_TYPE, String.class);
        int index = in.getHeader(PcapConstants.CONNECTION_INDEX, Integer.class);
        long virtual = timeline.advance(in.getHeader(PcapConstants.TIMESTAMP, Long.class));
        ReplayedConnection connection = replayed.get(index);
        if (PcapConstants.EVENT_OPENED.equals(type)) {
            open(exchange, index, virtual);
        } else if (connection != null && !connection.ended) {
            handle(exchange, type, connection, virtual);
        }
        if (Boolean.TRUE.equals(in.getHeader(PcapConstants.LAST, Boolean.class))) {
            finish();
        }
    }

    private void open(Exchange exchange, int index, long virtual) throws InterruptedException {
        Message in = exchange.getIn();
        ReplayedConnection retried = replayed.get(index);
        if (retried != null && isClient() && retried.live == null) {
            // The same OPENED event again: a refused connect being retried.
            in.setBody(new byte[0]);
            in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_OPEN);
            return;
        }
        ReplayedConnection connection = new ReplayedConnection(index, in.getHeader(PcapConstants.CLIENT, String.class),
                in.getHeader(PcapConstants.SERVER, String.class), virtual);
        replayed.put(index, connection);
        if (isClient()) {
            // Each connection opens at its recorded offset from the first, whose opening starts the clock.
            if (firstUpNanos != Long.MIN_VALUE && !topSpeed) {
                clock.waitUntil(firstUpNanos + toLive(virtual - firstOpenVirtual));
            }
            in.setBody(new byte[0]);
            in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_OPEN);
            return;
        }
        LiveConnection live = connections.nextAccepted((long) (acceptTimeout * 1000), TimeUnit.MILLISECONDS);
        if (live == null) {
            // Its events still come, so the summary can say how much was not sent.
            connection.problem = "no client connected within " + acceptTimeout + " s";
            return;
        }
        bind(connection, live, live.upNanos());
    }

    /**
     * @param originNanos when the connection came up (accepted, or connected): the recorded connection's first
     *                    packet maps to it, as the clock starts when the connection is up
     */
    private void bind(ReplayedConnection connection, LiveConnection live, long originNanos) {
        connection.live = live;
        connection.originNanos = originNanos;
        connection.expectation = new MaskedExpectation(rules, live.comparator());
        connection.pacer = new ConnectionPacer(options, clock, originNanos, connection.openVirtual);
        // The encoder waits on the system clock: a test's clock keeps the whole wait in the pacing step.
        connection.handsOver = live.holdsWrites() && clock == SystemReplayClock.INSTANCE;
        if (firstUpNanos == Long.MIN_VALUE) {
            firstUpNanos = originNanos;
            firstOpenVirtual = connection.openVirtual;
        }
        LOG.info("{} role: recorded connection {} ({} -> {}) is live with {}", role, connection.index,
                connection.client, connection.server, live.remote());
    }

    private void handle(Exchange exchange, String type, ReplayedConnection connection, long virtual)
            throws InterruptedException {
        Message in = exchange.getIn();
        boolean ours = playedDirection().equals(in.getHeader(PcapConstants.DIRECTION, String.class));
        if (connection.live == null) {
            if (connection.problem == null) {
                connection.problem = "not connected";
            }
            if (PcapConstants.EVENT_DATA.equals(type) && ours) {
                connection.expectedSent += in.getBody(byte[].class).length;
            } else if (PcapConstants.EVENT_CLOSED.equals(type)) {
                connection.ended = true;
                record(connection);
            }
            return;
        }
        switch (type) {
            case PcapConstants.EVENT_DATA -> {
                byte[] data = in.getBody(byte[].class);
                if (ours) {
                    connection.expectedSent += data.length;
                    if (connection.peerGone()) {
                        return;
                    }
                    connection.timeline.recordedSent.add(virtual - connection.openVirtual);
                    // With an encoder that holds writes, hand the segment over early: it waits out the rest itself.
                    long handoff = connection.handsOver ? connection.live.handoffNanos() : 0;
                    connection.lastDue = awaitTurn(connection, virtual, handoff);
                    if (handoff > 0 && connection.lastDue != Long.MIN_VALUE) {
                        connection.live.holdUntil(data, connection.lastDue);
                    }
                    in.setHeader(ReplayConstants.DUE, connection.lastDue);
                    in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_SEND);
                    if (isClient()) {
                        exchange.setProperty(NettyConstants.NETTY_CHANNEL, connection.live.channel());
                    }
                } else {
                    connection.recordedPeerBytes += data.length;
                    connection.peerLastVirtual = virtual;
                    connection.timeline.recordedPeer.add(virtual - connection.openVirtual);
                    connection.expectation.expect(data);
                }
            }
            case PcapConstants.EVENT_GAP -> {
                long length = in.getHeader(PcapConstants.GAP_LENGTH, Long.class);
                if (ours) {
                    connection.skippedGapBytes += length;
                } else {
                    connection.recordedPeerBytes += length;
                    connection.expectation.expectUnknown(length);
                }
            }
            case PcapConstants.EVENT_HALF_CLOSE -> {
                if (ours) {
                    awaitTurn(connection, virtual, 0);
                    connection.drainWrites(awaitTimeout);
                    connection.live.halfClose();
                }
            }
            case PcapConstants.EVENT_RESET -> {
                if (ours) {
                    awaitTurn(connection, virtual, 0);
                    connection.drainWrites(awaitTimeout);
                    connection.live.reset();
                }
            }
            case PcapConstants.EVENT_CLOSED -> end(connection);
            default -> {
                // OPENED is handled before; nothing else exists
            }
        }
    }

    /** Client role: the netty producer could not write (the peer closed or reset the connection). */
    public void writeFailed(Exchange exchange) {
        ReplayedConnection connection = replayed.get(exchange.getIn().getHeader(PcapConstants.CONNECTION_INDEX, Integer.class));
        if (connection != null) {
            connection.peerClosed = true;
            connection.peerCloseCause = rootMessage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        }
    }

    /** Waits for the event's turn; {@code handoffNanos} early when the channel's encoder waits out the rest. */
    private long awaitTurn(ReplayedConnection connection, long virtual, long handoffNanos) throws InterruptedException {
        return connection.pacer.awaitTurn(virtual, connection.recordedPeerBytes, connection.peerLastVirtual,
                connection.live.peer(), handoffNanos);
    }

    /** After the netty producer: adopt the connection it opened, or count the bytes it wrote. */
    public void afterSend(Exchange exchange) {
        Message in = exchange.getIn();
        ReplayedConnection connection = replayed.get(in.getHeader(PcapConstants.CONNECTION_INDEX, Integer.class));
        if (connection == null) {
            return;
        }
        String action = in.getHeader(ReplayConstants.ACTION, String.class);
        if (ReplayConstants.ACTION_OPEN.equals(action)) {
            Channel channel = exchange.getProperty(NettyConstants.NETTY_CHANNEL, Channel.class);
            LiveConnection live = channel == null ? null : LiveConnection.of(channel);
            if (live == null) {
                connection.problem = "the netty endpoint gave no channel: it needs reuseChannel=true and "
                        + "decoders starting with the live-connections handler";
                return;
            }
            // The producer would hand the channel back to its pool when this exchange completes, and another
            // recorded connection could get it. Move that release to a keeper we complete when the connection ends.
            connection.keeper = new DefaultExchange(camelContext);
            exchange.getExchangeExtension().handoverCompletions(connection.keeper);
            bind(connection, live, live.upNanos());
        } else if (ReplayConstants.ACTION_SEND.equals(action)) {
            int length = in.getBody(byte[].class).length;
            connection.sent += length; // one writer per connection: the thread of its channel
            sent(connection, length, in.getHeader(ReplayConstants.DUE, Long.MIN_VALUE, Long.class));
        }
    }

    /** A segment of ours just went out: note when, against when it was due. */
    private void sent(ReplayedConnection connection, int length, long due) {
        long now = clock.nanoTime();
        connection.timeline.liveSent.add(now - connection.originNanos);
        if (due != Long.MIN_VALUE) {
            connection.lateness.record(now - due);
            lastLagMicros = (now - due) / 1_000;
        }
        sentTotal.addAndGet(length); // written by the channels' threads, read by progress lines
    }

    /**
     * Client role: the connection could not be set up. Until the connect timeout has passed since the first
     * refusal, the pcap: consumer is asked to send the same OPENED event again after a growing pause (the server
     * may be started after the tool); then the summary says why, and the others go on.
     */
    public void connectFailed(Exchange exchange) {
        ReplayedConnection connection = replayed.get(exchange.getIn().getHeader(PcapConstants.CONNECTION_INDEX, Integer.class));
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (connection != null) {
            String why = rootMessage(caught);
            if (why != null && !why.startsWith("Unable to validate")) {
                connection.connectError = why; // the socket's own words beat the channel pool's
            }
            long now = System.nanoTime();
            if (connection.firstConnectFailureNanos == Long.MIN_VALUE) {
                connection.firstConnectFailureNanos = now;
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(now - connection.firstConnectFailureNanos);
            if (elapsedMillis < connectTimeoutMillis && !targetUnreachable) {
                long backoff = Math.min(2_000, 100L << Math.min(5, connection.connectAttempts++));
                exchange.setProperty(PcapConstants.RETRY_DELAY, Math.min(backoff, connectTimeoutMillis - elapsedMillis));
                return;
            }
            // The channel pool says "Unable to validate object" when the connect it just made failed at once: refused.
            String reason = connection.connectError != null ? connection.connectError
                    : why != null && why.startsWith("Unable to validate") ? "Connection refused" : why;
            String target = String.valueOf(exchange.getProperty(Exchange.FAILURE_ENDPOINT))
                    .replaceFirst("^netty:(//)?tcp://", "").replaceFirst("[?].*$", "");
            targetUnreachable = true; // later connections try once: the server did not come within the timeout
            connection.problem = "could not connect to " + target + " within " + connectTimeoutMillis / 1000.0 + " s"
                    + (reason == null ? "" : " (" + reason + ")");
        }
    }

    /** The innermost cause's message: what the socket met (refused, unreachable, timed out). */
    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        return root == null ? null : root.getMessage();
    }

    /** Server role: writes the segment to the accepted client, waiting while its socket buffer is full. */
    public void push(Exchange exchange) {
        Message in = exchange.getIn();
        ReplayedConnection connection = replayed.get(in.getHeader(PcapConstants.CONNECTION_INDEX, Integer.class));
        if (connection == null || connection.live == null) {
            return;
        }
        byte[] data = in.getBody(byte[].class);
        Channel channel = connection.live.channel();
        // The very byte[] the pacing step held goes to the encoder, which writes it when due; without that
        // encoder in the pipeline, a buffer netty can write as it is.
        long due = connection.lastDue;
        ChannelFuture written = channel.writeAndFlush(connection.handsOver ? data : Unpooled.wrappedBuffer(data));
        written.addListener(f -> {
            if (f.isSuccess()) {
                sent(connection, data.length, due); // on the channel's thread, right after the write
            } else if (connection.problem == null) {
                connection.problem = "write failed: " + f.cause();
            }
        });
        if (!channel.isWritable()) {
            written.syncUninterruptibly();
        }
        connection.lastWrite = written;
        connection.sent += data.length;
    }

    /** The recorded connection is over: let the peer finish, then close and record the outcome. */
    private void end(ReplayedConnection connection) throws InterruptedException {
        connection.ended = true;
        LiveConnection live = connection.live;
        connection.expectation.finish();
        long timeoutNanos = Duration.ofMillis((long) (awaitTimeout * 1000)).toNanos();
        if (!live.peer().awaitBytes(connection.recordedPeerBytes, timeoutNanos) && connection.problem == null) {
            LOG.info("{} role: connection {}: the peer sent {} of {} recorded bytes", role, connection.index,
                    live.peer().bytes(), connection.recordedPeerBytes);
        }
        connection.drainWrites(awaitTimeout);
        live.channel().close().syncUninterruptibly();
        // The producer's "give the channel back to the pool" stays in the keeper, never run: the channel is closed,
        // and handing a closed channel back makes the pool open a fresh connection the recording never had.
        connection.keeper = null;
        record(connection);
    }

    private void record(ReplayedConnection connection) {
        results.add(connection.result(role, verify));
    }

    private void finish() throws InterruptedException {
        for (ReplayedConnection connection : replayed.values()) {
            if (!connection.ended) {
                if (connection.live != null) {
                    end(connection);
                } else {
                    connection.ended = true;
                    record(connection);
                }
            }
        }
        if (connections != null && !isClient()) {
            closeExtraClients();
        }
        if (listenerRoute != null) {
            Thread stopper = new Thread(() -> {
                try {
                    camelContext.getRouteController().stopRoute(listenerRoute);
                } catch (Exception e) {
                    LOG.warn("could not stop the listener route {}: {}", listenerRoute, e.toString());
                }
            }, "replay-stop-listener");
            stopper.start();
        }
        ReplayRun.of(camelContext).finished(this, List.copyOf(results));
    }

    /** Safe default is loopback only; a listener on every interface gets a warning, whichever way it was set. */
    private void warnIfListeningEverywhere() {
        if (listenerRoute == null || camelContext.getRoute(listenerRoute) == null) {
            return;
        }
        if (camelContext.getRoute(listenerRoute).getEndpoint()
                instanceof org.apache.camel.component.netty.NettyEndpoint netty) {
            String host = netty.getConfiguration().getHost();
            if ("0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host)) {
                LOG.warn("listening on all interfaces ({}): anyone who can reach this machine can connect", host);
            }
        }
    }

    /** Clients beyond the recorded connections got no replay: close them, and say how many there were. */
    private void closeExtraClients() throws InterruptedException {
        int extra = 0;
        for (LiveConnection client = connections.nextAccepted(0, TimeUnit.MILLISECONDS); client != null;
                client = connections.nextAccepted(0, TimeUnit.MILLISECONDS)) {
            client.close();
            extra++;
        }
        if (extra > 0) {
            ReplayRun.of(camelContext).note(role + " role: " + extra + " more client(s) connected than the capture "
                    + "has connections; they were closed");
        }
    }

    private synchronized void start(Exchange exchange) {
        if (options == null) {
            if (camelContext == null) {
                camelContext = exchange.getContext();
            }
            if (route == null) {
                route = exchange.getFromRouteId();
            }
            ReplayRun.of(camelContext).register(this);
            options = new ReplayOptions(speed, topSpeed, maxGap > 0 ? Duration.ofMillis((long) (maxGap * 1000)) : null,
                    awaitPeer, Duration.ofMillis((long) (awaitTimeout * 1000)));
            timeline = new RecordedTimeline(options);
            if (!isClient() && connections == null) {
                throw new IllegalStateException("server role needs the live-connections handler bean (connections)");
            }
            warnIfListeningEverywhere();
        }
    }

    private static java.util.List<String> split(String list, String separator) {
        return java.util.Arrays.stream(list == null ? new String[0] : list.split(separator))
                .filter(item -> !item.isBlank()).toList();
    }

    private boolean isClient() {
        return "client".equals(role);
    }

    private String playedDirection() {
        return isClient() ? "CLIENT_TO_SERVER" : "SERVER_TO_CLIENT";
    }

    private long toLive(long virtualNanos) {
        return (long) (virtualNanos / speed);
    }


    /**
     * What is known now, for a summary when the replay is interrupted: the finished connections' results, and the
     * others as they stand, marked interrupted. Read from another thread; approximate by nature.
     */
    List<ConnectionResult> snapshot() {
        List<ConnectionResult> now = new ArrayList<>(results);
        for (ReplayedConnection connection : List.copyOf(replayed.values())) {
            if (!connection.ended) {
                now.add(connection.interrupted(role));
            }
        }
        return now;
    }

    /** Bytes sent so far, over all connections (read by progress lines from another thread). */
    long sentBytes() {
        return sentTotal.get();
    }

    /** How late the latest send was, in microseconds. */
    long currentLagMicros() {
        return lastLagMicros;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public String getRole() {
        return role;
    }

    /** Which side to play: client (connect out, as DAQbox) or server (listen, as Polyview). */
    public void setRole(String role) {
        String normalized = role.trim().toLowerCase(Locale.ROOT);
        if (!normalized.equals("client") && !normalized.equals("server")) {
            throw new IllegalArgumentException("role must be client or server, not " + role);
        }
        this.role = normalized;
    }

    public String getRoute() {
        return route;
    }

    /** Id of the route this session paces; the run waits for it only while that route runs. */
    public void setRoute(String route) {
        this.route = route;
    }

    /** 1 = recorded pace, 2 = twice as fast, 0.5 = half speed. */
    public void setSpeed(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be above 0, not " + speed);
        }
        this.speed = speed;
    }

    /** Send as soon as allowed, ignoring recorded pauses. */
    public void setTopSpeed(boolean topSpeed) {
        this.topSpeed = topSpeed;
    }

    /** The longest pause in seconds (replay time); 0 keeps every recorded pause. */
    public void setMaxGap(double maxGap) {
        this.maxGap = maxGap;
    }

    /** Wait for the live peer to have sent what the recorded peer had, before each send. */
    public void setAwaitPeer(boolean awaitPeer) {
        this.awaitPeer = awaitPeer;
    }

    /** Seconds to wait for the live peer before carrying on. */
    public void setAwaitTimeout(double awaitTimeout) {
        this.awaitTimeout = awaitTimeout;
    }

    /** Client role: seconds allowed for each connection to be set up, retries included. */
    public void setConnectTimeout(double connectTimeoutSeconds) {
        if (!(connectTimeoutSeconds > 0)) {
            throw new IllegalArgumentException("connect timeout must be above 0 s, not " + connectTimeoutSeconds);
        }
        this.connectTimeoutMillis = Math.round(connectTimeoutSeconds * 1000);
    }

    /** Server role: seconds to wait for each client to connect. */
    public void setAcceptTimeout(double acceptTimeout) {
        this.acceptTimeout = acceptTimeout;
    }

    /** Server role: the route whose netty consumer listens; stopped when the replay is done. */
    public void setListenerRoute(String listenerRoute) {
        this.listenerRoute = listenerRoute;
    }

    /** The handler bean that the route's netty endpoint has first in its decoders. */
    public void setConnections(LiveConnections connections) {
        this.connections = connections;
    }

    /** Compare what the live peer sends with the recording (else every verdict is not-verified). */
    public void setVerify(boolean verify) {
        this.verify = verify;
    }

    /**
     * Regular expressions, one per line, whose matches in the recorded peer stream are not compared. Parsed here,
     * so a rule that does not parse fails the route's start, before anything connects or listens.
     */
    public void setIgnore(String ignore) {
        this.ignore = ignore;
        this.rules = IgnoreRules.of(split(ignore, "\n"), split(ignoreBytes, ","));
    }

    /** Byte ranges of binary frames not compared, comma-separated, e.g. {@code AA55:8-15}; parsed here too. */
    public void setIgnoreBytes(String ignoreBytes) {
        this.ignoreBytes = ignoreBytes;
        this.rules = IgnoreRules.of(split(ignore, "\n"), split(ignoreBytes, ","));
    }

    /** For tests: another clock. */
    public void setClock(ReplayClock clock) {
        this.clock = clock;
    }
}
