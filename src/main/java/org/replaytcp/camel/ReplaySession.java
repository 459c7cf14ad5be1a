package org.replaytcp.camel;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.support.DefaultExchange;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.netty.LiveConnections;
import org.replaytcp.replay.ConnectionReplay;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.IgnoreRules;
import org.replaytcp.replay.PreciseScheduler;
import org.replaytcp.replay.Readiness;
import org.replaytcp.replay.RecordedTimeline;
import org.replaytcp.replay.ReplayClock;
import org.replaytcp.replay.ReplayLane;
import org.replaytcp.replay.ReplayOptions;
import org.replaytcp.replay.RunOrigin;
import org.replaytcp.replay.SystemReplayClock;
import org.replaytcp.replay.Turn;
import org.replaytcp.tcp.TcpEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one side of the recorded connections in a route: the adapter between Camel exchanges and the
 * per-connection {@link ConnectionReplay}. A route feeds its pacing step ({@link #pace}) every exchange of a
 * {@code pcap:} consumer (both directions, with events), in capture order, without waiting for the ones before
 * ({@code ordering: CONNECTION}); each exchange waits in its connection's {@link ReplayLane} and goes on when its
 * turn comes, on the live connection's own event loop, with the {@code CamelReplayAction} header telling the next
 * step what to do. Connections are independent: one that waits for its peer or its due time holds back only itself
 * (with {@code strictOrder}, every connection shares one lane and the capture's order).
 *
 * <ul>
 *   <li>Client role (connect, as DAQbox): the netty producer after the pacing step opens the connection on an
 *       {@code OPEN} exchange and writes each {@code SEND}; {@link #afterSend} adopts the connection and counts
 *       what went out; {@link #connectFailed} retries a refused connect with back-off.</li>
 *   <li>Server role (listen, as Polyview): the Nth connection the listener accepts plays the Nth recorded one;
 *       {@link #push} writes each segment to it.</li>
 * </ul>
 */
public final class ReplaySession implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySession.class);
    /** The most the warm-up may take before the first connection. */
    private static final Duration WARMUP_BUDGET = Duration.ofMillis(400);

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
    private boolean strictOrder;
    private String listenerRoute;
    private LiveConnections connections;
    private ReplayClock clock = SystemReplayClock.INSTANCE;
    private boolean verify = true;
    private String ignore = "";
    private String ignoreBytes = "";
    private IgnoreRules rules = IgnoreRules.NONE;

    private ReplayOptions options;
    private RecordedTimeline timeline;
    private final RunOrigin runOrigin = new RunOrigin();
    private PreciseScheduler scheduler;
    private final Map<Integer, LiveLink> links = new ConcurrentHashMap<>();
    private final Map<Integer, ReplayLane<Waiting>> lanes = new ConcurrentHashMap<>();
    private ReplayLane<Waiting> sharedLane;
    private final List<ConnectionResult> results = new ArrayList<>();
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile boolean captureDispatched;
    private volatile boolean over;
    /** Client role: a connection gave up connecting; the others try once. */
    private volatile boolean targetUnreachable;
    private volatile long lastLagMicros;
    /** When the replay was ready to play (after its warm-up): a client accepted before then starts its clock then. */
    private long readySince;
    /** Server role: recorded connections waiting for a client, in capture order. */
    private final java.util.ArrayDeque<LiveLink> awaitingClient = new java.util.ArrayDeque<>();
    private final ReplayLane.Releaser<Waiting> releaser = new ReplayLane.Releaser<>() {
        @Override
        public void release(Waiting waiting, ConnectionReplay connection, Turn turn, long dueNanos, boolean skipped) {
            released(waiting, links.get(connection.index()), turn, dueNanos, skipped);
        }

        @Override
        public Executor writer(ConnectionReplay connection) {
            LiveConnection live = links.get(connection.index()).live;
            return live == null ? null : live.channel().eventLoop();
        }
    };

    /** An exchange waiting in a lane, with the callback that lets it go on. */
    private static final class Waiting {
        final Exchange exchange;
        final AsyncCallback callback;
        private boolean inPace = true;
        private boolean releasedInPace;

        Waiting(Exchange exchange, AsyncCallback callback) {
            this.exchange = exchange;
            this.callback = callback;
        }

        /** Lets the exchange go on: at once if still inside {@link #pace} (it then returns true). */
        void done() {
            synchronized (this) {
                if (inPace) {
                    releasedInPace = true;
                    return;
                }
            }
            callback.done(false);
        }

        /** Leaving {@link #pace}: whether the exchange was released meanwhile. */
        synchronized boolean leftPace() {
            inPace = false;
            return releasedInPace;
        }
    }

    /**
     * The pacing step (asynchronous): the exchange goes on when its turn comes, with {@code CamelReplayAction} set.
     *
     * @return true when its turn came at once (the caller then goes on); false: {@code callback} is called later
     */
    public boolean pace(Exchange exchange, AsyncCallback callback) {
        start(exchange);
        Message in = exchange.getIn();
        in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_NONE);
        TcpEvent event = in.getHeader(PcapConstants.EVENT, TcpEvent.class);
        if (event == null) {
            throw new IllegalArgumentException("the pacing step needs the exchanges of a pcap: consumer (header "
                    + PcapConstants.EVENT + ")");
        }
        boolean last = Boolean.TRUE.equals(in.getHeader(PcapConstants.LAST, Boolean.class));
        int index = event.connection().index();
        LiveLink link = links.get(index);
        if (event instanceof TcpEvent.ConnectionOpened && link != null && isClient() && !link.replay.isUp()) {
            // The same OPENED again: a refused connect being retried. It goes straight to the netty producer; the
            // connection's later events wait in its lane until it is up.
            in.setBody(new byte[0]);
            in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_OPEN);
            markDispatched(last);
            return true;
        }
        long virtual = timeline.advance(event.timestampNanos());
        if (link == null) {
            if (!(event instanceof TcpEvent.ConnectionOpened)) {
                markDispatched(last);
                return true; // a connection whose opening was not selected: nothing to play
            }
            link = open(event, virtual);
        }
        Waiting waiting = new Waiting(exchange, callback);
        laneOf(link).add(waiting, link.replay, event, virtual);
        markDispatched(last);
        return waiting.leftPace();
    }

    private LiveLink open(TcpEvent event, long virtual) {
        ConnectionReplay replay = new ConnectionReplay(event.connection().index(), event.connection().client().toString(),
                event.connection().server().toString(), isClient(), virtual, options, rules, verify, runOrigin);
        LiveLink link = new LiveLink(replay);
        links.put(replay.index(), link);
        unfinished.incrementAndGet();
        ReplayLane<Waiting> lane = laneOf(link);
        replay.onChange(lane::drive);
        if (!isClient()) {
            expectClient(link);
        }
        return link;
    }

    private ReplayLane<Waiting> laneOf(LiveLink link) {
        if (strictOrder) {
            return sharedLane;
        }
        return lanes.computeIfAbsent(link.replay.index(), i -> new ReplayLane<>(scheduler, clock, releaser));
    }

    private void markDispatched(boolean last) {
        if (last) {
            captureDispatched = true;
            finishIfDone();
        }
    }

    /** A turn has come: tell the next steps what to do, do what is ours to do, and let the exchange go on. */
    private void released(Waiting waiting, LiveLink link, Turn turn, long due, boolean skipped) {
        Message in = waiting.exchange.getIn();
        String action = ReplayConstants.ACTION_NONE;
        if (skipped) {
            if (turn.kind() == Turn.Kind.FINISH) {
                finishConnection(link);
            }
        } else {
            switch (turn.kind()) {
                case OPEN -> {
                    if (isClient()) {
                        in.setBody(new byte[0]);
                        action = ReplayConstants.ACTION_OPEN;
                    }
                }
                case SEND -> {
                    in.setBody(turn.data());
                    in.setHeader(ReplayConstants.DUE, due);
                    link.writeStarted();
                    if (isClient()) {
                        waiting.exchange.setProperty(NettyConstants.NETTY_CHANNEL, link.live.channel());
                    }
                    action = ReplayConstants.ACTION_SEND;
                }
                case HALF_CLOSE -> whenDrained(link, () -> link.live.halfClose());
                case RESET -> whenDrained(link, () -> link.live.reset());
                case FINISH -> whenDrained(link, () -> finishConnection(link));
                default -> {
                    // NONE: what the recorded peer did, noted by the core
                }
            }
        }
        in.setHeader(ReplayConstants.ACTION, action);
        waiting.done();
    }

    /** Runs {@code action} once the connection's writes reached the socket, or the peer stopped reading too long. */
    private void whenDrained(LiveLink link, Runnable action) {
        if (!link.drained()) {
            long deadline = clock.nanoTime() + Duration.ofMillis((long) (awaitTimeout * 1000)).toNanos();
            scheduler.at(deadline, null, () -> {
                if (!link.drained()) {
                    link.replay.problem("the peer stopped reading for more than " + awaitTimeout + " s; what it had "
                            + "not read was not delivered");
                    link.abandonWrites();
                }
            });
        }
        link.whenDrained(action);
    }

    /** The recorded connection is over: close the live one, and its outcome is final. */
    private void finishConnection(LiveLink link) {
        if (link.replay.isFinished()) {
            return;
        }
        LiveConnection live = link.live;
        if (live == null) {
            connectionDone(link);
        } else {
            // The producer's "give the channel back to the pool" stays in the keeper, never run: handing a closed
            // channel back makes the pool open a fresh connection the recording never had.
            live.close().addListener(closed -> connectionDone(link));
        }
    }

    private void connectionDone(LiveLink link) {
        synchronized (this) {
            if (link.replay.isFinished()) {
                return;
            }
            link.replay.finished();
            results.add(link.replay.result());
        }
        unfinished.decrementAndGet();
        finishIfDone();
    }

    /** Client role, after the netty producer: adopt the connection it opened, or count the bytes it wrote. */
    public void afterSend(Exchange exchange) {
        Message in = exchange.getIn();
        LiveLink link = links.get(in.getHeader(PcapConstants.CONNECTION_INDEX, Integer.class));
        if (link == null) {
            return;
        }
        String action = in.getHeader(ReplayConstants.ACTION, String.class);
        if (ReplayConstants.ACTION_OPEN.equals(action)) {
            Channel channel = exchange.getProperty(NettyConstants.NETTY_CHANNEL, Channel.class);
            if (channel == null || channel.pipeline().get(LiveConnections.class) == null) {
                link.replay.gaveUp("the netty endpoint gave no channel: it needs reuseChannel=true and decoders "
                        + "starting with the live-connections handler", clock.nanoTime());
                return;
            }
            // The producer would hand the channel back to its pool when this exchange completes, and another
            // recorded connection could get it. Move that release to a keeper that is never completed.
            link.keeper = new DefaultExchange(camelContext);
            exchange.getExchangeExtension().handoverCompletions(link.keeper);
            bind(link, LiveConnection.of(channel));
        } else if (ReplayConstants.ACTION_SEND.equals(action)) {
            sent(link, in.getBody(byte[].class).length, in.getHeader(ReplayConstants.DUE, Readiness.NOW, Long.class));
        }
    }

    private void bind(LiveLink link, LiveConnection live) {
        link.live = live;
        live.bind(link.replay);
        LOG.info("{} role: recorded connection {} is live with {}", role, link.replay.index(), live.remote());
        link.replay.connected(Math.max(live.upNanos(), readySince), live.remote());
    }

    /** A segment of ours reached the socket. */
    private void sent(LiveLink link, int length, long due) {
        long now = clock.nanoTime();
        link.replay.sent(length, due, now);
        if (due != Readiness.NOW) {
            lastLagMicros = (now - due) / 1_000;
        }
        link.writeEnded();
    }

    /** Client role: the netty producer could not write (the peer closed or reset the connection). */
    public void writeFailed(Exchange exchange) {
        LiveLink link = links.get(exchange.getIn().getHeader(PcapConstants.CONNECTION_INDEX, Integer.class));
        if (link != null) {
            String why = rootMessage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
            link.replay.peerGone(why != null && why.toLowerCase(Locale.ROOT).contains("reset"), why);
            if (ReplayConstants.ACTION_SEND.equals(exchange.getIn().getHeader(ReplayConstants.ACTION, String.class))) {
                link.writeEnded();
            }
        }
    }

    /**
     * Client role: the connection could not be set up. Until the connect timeout has passed since the first
     * refusal, the pcap: consumer is asked to send the same OPENED event again after a growing pause (the server
     * may be started after the tool): 100 ms, doubling to 2 s. Then the summary says why, and the others go on.
     */
    public void connectFailed(Exchange exchange) {
        LiveLink link = links.get(exchange.getIn().getHeader(PcapConstants.CONNECTION_INDEX, Integer.class));
        if (link == null) {
            return;
        }
        String why = rootMessage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (why != null && !why.startsWith("Unable to validate")) {
            link.connectError = why; // the socket's own words beat the channel pool's
        }
        long now = System.nanoTime();
        if (link.firstConnectFailureNanos == Long.MIN_VALUE) {
            link.firstConnectFailureNanos = now;
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(now - link.firstConnectFailureNanos);
        if (elapsedMillis < connectTimeoutMillis && !targetUnreachable) {
            long backoff = Math.min(2_000, 100L << Math.min(5, link.connectAttempts++));
            exchange.setProperty(PcapConstants.RETRY_DELAY, Math.min(backoff, connectTimeoutMillis - elapsedMillis));
            return;
        }
        // The channel pool says "Unable to validate object" when the connect it just made failed at once: refused.
        String reason = link.connectError != null ? link.connectError
                : why != null && why.startsWith("Unable to validate") ? "Connection refused" : why;
        String target = String.valueOf(exchange.getProperty(Exchange.FAILURE_ENDPOINT))
                .replaceFirst("^netty:(//)?tcp://", "").replaceFirst("[?].*$", "");
        targetUnreachable = true; // later connections try once: the server did not come within the timeout
        link.replay.gaveUp("could not connect to " + target + " within " + connectTimeoutMillis / 1000.0 + " s"
                + (reason == null ? "" : " (" + reason + ")"), clock.nanoTime());
    }

    /** The innermost cause's message: what the socket met (refused, unreachable, timed out). */
    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        return root == null ? null : root.getMessage();
    }

    /** Server role: a recorded connection now waits for the next client the listener accepts. */
    private void expectClient(LiveLink link) {
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
        long openDue = runOrigin.due(link.replay.openVirtual(), options.topSpeed() ? Double.MAX_VALUE : speed);
        long deadline = Math.max(clock.nanoTime(), openDue == Readiness.NOW ? 0 : openDue) + timeout;
        scheduler.at(deadline, null, () -> {
            boolean waited;
            synchronized (awaitingClient) {
                waited = awaitingClient.remove(link);
            }
            if (waited) {
                link.replay.gaveUp("no client connected within " + acceptTimeout + " s", clock.nanoTime());
            }
        });
    }

    /** Pairs accepted clients with waiting recorded connections, both in order. */
    private void matchClients() {
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
            bind(link, live);
        }
    }

    /**
     * Server role: writes the segment to the accepted client once its socket takes more (asynchronous).
     *
     * @return true when written at once; false: {@code callback} is called once written
     */
    public boolean push(Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getIn();
        LiveLink link = links.get(in.getHeader(PcapConstants.CONNECTION_INDEX, Integer.class));
        if (link == null || link.live == null) {
            return true;
        }
        byte[] data = in.getBody(byte[].class);
        long due = in.getHeader(ReplayConstants.DUE, Readiness.NOW, Long.class);
        Channel channel = link.live.channel();
        if (channel.eventLoop().inEventLoop() && channel.isWritable()) {
            write(link, channel, data, due);
            return true;
        }
        link.live.whenWritable(() -> {
            write(link, channel, data, due);
            callback.done(false);
        });
        return false;
    }

    private void write(LiveLink link, Channel channel, byte[] data, long due) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener(written -> {
            if (written.isSuccess()) {
                sent(link, data.length, due);
            } else {
                String why = rootMessage(written.cause());
                link.replay.peerGone(why != null && why.toLowerCase(Locale.ROOT).contains("reset"),
                        why == null ? written.cause().getClass().getSimpleName() : why);
                link.writeEnded();
            }
        });
    }

    /** Once every connection is done and the capture was read to its end: the session's results are final. */
    private void finishIfDone() {
        if (!captureDispatched || unfinished.get() > 0) {
            return;
        }
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
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
        List<ConnectionResult> finalResults;
        synchronized (this) {
            finalResults = List.copyOf(results);
        }
        scheduler.close();
        ReplayRun.of(camelContext).finished(this, finalResults);
    }

    /** Clients beyond the recorded connections got no replay: close them, and say how many there were. */
    private void closeExtraClients() {
        int[] extra = {0};
        connections.forEachWaiting(client -> {
            client.close();
            extra[0]++;
        });
        if (extra[0] > 0) {
            ReplayRun.of(camelContext).note(role + " role: " + extra[0] + " more client(s) connected than the capture "
                    + "has connections; they were closed");
        }
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

    private synchronized void start(Exchange exchange) {
        if (options != null) {
            return;
        }
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
        // Before any connection's clock starts: the first segment must not run through a cold JVM.
        Duration warm = ReplayWarmup.run(WARMUP_BUDGET);
        readySince = clock.nanoTime();
        LOG.info("{} role: warmed up the replay path in {} ms", role, warm.toMillis());
        scheduler = new PreciseScheduler("replay-clock-" + role);
        sharedLane = new ReplayLane<>(scheduler, clock, releaser);
        if (!isClient()) {
            if (connections == null) {
                throw new IllegalStateException("server role needs the live-connections handler bean (connections)");
            }
            connections.onAccept(this::matchClients);
            matchClients();
        }
        warnIfListeningEverywhere();
    }

    private static List<String> split(String list, String separator) {
        return java.util.Arrays.stream(list == null ? new String[0] : list.split(separator))
                .filter(item -> !item.isBlank()).toList();
    }

    private boolean isClient() {
        return "client".equals(role);
    }

    /**
     * What is known now, for a summary when the replay is interrupted: the finished connections' results, and the
     * others as they stand, marked interrupted. Read from another thread; approximate by nature.
     */
    synchronized List<ConnectionResult> snapshot() {
        List<ConnectionResult> now = new ArrayList<>(results);
        for (LiveLink link : links.values()) {
            if (!link.replay.isFinished()) {
                now.add(link.replay.result());
            }
        }
        return now;
    }

    /** Bytes sent so far, over all connections (read by progress lines from another thread). */
    long sentBytes() {
        long total = 0;
        for (LiveLink link : links.values()) {
            total += link.replay.sentBytes();
        }
        return total;
    }

    /** Connections whose outcome is final. */
    synchronized int finishedConnections() {
        return results.size();
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

    /** Seconds to wait for the live peer before carrying on (once per connection: then it stops waiting). */
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

    /**
     * Keep the capture's order across connections (one waits for the events of all others before it), for
     * programs that need cause before effect between connections; off: each connection keeps its own schedule.
     */
    public void setStrictOrder(boolean strictOrder) {
        this.strictOrder = strictOrder;
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
