package org.replaytcp.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.netty.LiveConnections;
import org.replaytcp.replay.ConnectionReplay;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.IgnoreRules;
import org.replaytcp.replay.PreciseScheduler;
import org.replaytcp.replay.Readiness;
import org.replaytcp.replay.ReplayClock;
import org.replaytcp.replay.ReplayLane;
import org.replaytcp.replay.ReplayOptions;
import org.replaytcp.replay.RouteLead;
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
 * <p>The roles' own glue is apart: {@link ClientRole} (connect, adopt, retry, count what the netty producer
 * wrote) and {@link ServerRole} (pair accepted clients with recorded connections, push, close extra clients); the
 * route-facing steps here hand over to them.
 */
public final class ReplaySession implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySession.class);
    /** The most the warm-up may take before the first connection. */
    private static final Duration WARMUP_BUDGET = Duration.ofMillis(300);

    private static final Duration ROUTE_WARMUP_BUDGET = Duration.ofMillis(500);
    private static final Duration SETTLE_BUDGET = Duration.ofMillis(500);
    /** The most events of the capture its reading warm-up reads ({@link PcapConsumer#warmReading}). */
    private static final int WARMUP_EVENTS = 20_000;
    /** The most time the capture's reading warm-up takes. */
    private static final Duration READING_WARMUP_BUDGET = Duration.ofMillis(150);

    private CamelContext camelContext;
    private String role = "client";
    private String route;
    private boolean enabled = true;
    private boolean startExcluded;
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
    /** Rewrites and faults: what is changed in what we send. */
    private final SendEdits edits = new SendEdits();

    private ReplayOptions options;
    private ClientRole client;
    private ServerRole server;
    private final SegmentPush pusher = new SegmentPush(this);
    private volatile org.replaytcp.replay.LoopTimeline timeline;
    private RunOrigin runOrigin = new RunOrigin();
    private PreciseScheduler scheduler;
    /**
     * Where released exchanges go on through the route: one thread, so releases keep their order, and not an event
     * loop, so a slow trip (a cold JVM's first ones) holds up no socket: the writes themselves are held by the
     * encoder until due and happen on the event loops.
     */
    private RouteThread routeThread;

    /** The connections under way, and what became of those finished. */
    private final RunLedger ledger = new RunLedger();

    private final Map<Long, ReplayLane<Waiting>> lanes = new ConcurrentHashMap<>();
    private ReplayLane<Waiting> sharedLane;
    private volatile boolean captureDispatched;
    private volatile boolean over;
    private volatile long lastLagMicros;
    /** When the replay was ready to play (after its warm-up): a client accepted before then starts its clock then. */
    private long readySince;

    private final ReplayLane.Releaser<Waiting> releaser = new ReplayLane.Releaser<>() {
        @Override
        public void release(Waiting waiting, ConnectionReplay connection, Turn turn, long dueNanos, boolean skipped) {
            released(waiting, ledger.get(connection.round(), connection.index()), turn, dueNanos, skipped);
        }

        @Override
        public Executor writer(ConnectionReplay connection) {
            return routeThread;
        }

        @Override
        public long lead(ConnectionReplay connection, Turn turn) {
            LiveConnection live = ledger.get(connection.round(), connection.index()).live;
            return turn.kind() == Turn.Kind.SEND && live != null && live.holdsWrites() ? routeLead.nanos() : 0;
        }
    };
    private final RouteLead routeLead = new RouteLead();
    /** The replay's clock as the encoder sees it: held segments are written at their due time through it. */
    private final LiveConnection.Pacer pacer = new LiveConnection.Pacer() {
        @Override
        public void writeAt(long dueNanos, Executor loop, Runnable write) {
            scheduler.at(dueNanos, loop, write);
        }

        @Override
        public void observedRoute(long nanos) {
            routeLead.observe(nanos);
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
            if (!goesOnInPace()) {
                callback.done(false);
            }
        }

        /** If still inside {@link #pace}, the exchange goes on when it returns (true); else nothing happens. */
        synchronized boolean goesOnInPace() {
            if (inPace) {
                releasedInPace = true;
            }
            return inPace;
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
        if (exchange.getIn().getHeader(ReplayConstants.WARM_UP) != null) {
            return ReplayWarmup.paceWarmUp(exchange, pacer); // before start(): it runs while start() warms up
        }
        Message in = exchange.getIn();
        in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_NONE);
        if (!start(exchange)) {
            return true; // the run was given up: nothing to play, the exchange goes on at once
        }
        TcpEvent event = in.getHeader(PcapConstants.EVENT, TcpEvent.class);
        if (event == null) {
            throw new IllegalArgumentException(
                    "the pacing step needs the exchanges of a pcap: consumer (header " + PcapConstants.EVENT + ")");
        }
        boolean last = Boolean.TRUE.equals(in.getHeader(PcapConstants.LAST, Boolean.class));
        int index = event.connection().index();
        int round = in.getHeader(PcapConstants.ROUND, 1, Integer.class);
        boolean newRound = round > timeline.round();
        LiveLink link = ledger.get(round, index);
        if (event instanceof TcpEvent.ConnectionOpened && link != null && isClient() && !link.replay.isUp()) {
            // The same OPENED again: a refused connect being retried. It goes straight to the netty producer; the
            // connection's later events wait in its lane until it is up.
            in.setBody(new byte[0]);
            in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_OPEN);
            markDispatched(last);
            return true;
        }
        // A new round of a loop starts where its first event is due now (the last one is done, the gap waited).
        long virtual = timeline.advance(
                round,
                event.timestampNanos(),
                () -> runOrigin.isSet() && !topSpeed ? runOrigin.virtualAt(clock.nanoTime(), speed) : 0);
        if (newRound) {
            ledger.settle(round);
        }
        if (link == null) {
            if (!(event instanceof TcpEvent.ConnectionOpened)) {
                markDispatched(last);
                return true; // a connection whose opening was not selected: nothing to play
            }
            link = open(event, virtual, round);
        }
        Waiting waiting = new Waiting(exchange, callback);
        laneOf(link).add(waiting, link.replay, event, virtual);
        markDispatched(last);
        return waiting.leftPace();
    }

    private LiveLink open(TcpEvent event, long virtual, int round) {
        ConnectionReplay replay = new ConnectionReplay(
                event.connection().index(),
                event.connection().client().toString(),
                event.connection().server().toString(),
                isClient(),
                virtual,
                options,
                rules,
                verify,
                runOrigin);
        replay.inRound(round);
        LiveLink link = new LiveLink(replay);
        edits.arm(link, round);
        ledger.opened(link, round);
        ReplayLane<Waiting> lane = laneOf(link);
        // News often comes while another exchange is being routed (the adopt step, an error handler): a release
        // then would wait behind that exchange in Camel's queue. So the lane is driven as a task of its own.
        replay.onChange(() -> routeThread.execute(lane::drive));
        if (!isClient()) {
            server.expect(link);
        }
        return link;
    }

    /** The thread where released exchanges go on through the route (one, so they keep their order). */
    RouteThread routeThread() {
        return routeThread;
    }

    private ReplayLane<Waiting> laneOf(LiveLink link) {
        if (strictOrder) {
            return sharedLane;
        }
        return lanes.computeIfAbsent(
                RunLedger.key(link.replay.round(), link.replay.index()),
                i -> new ReplayLane<>(scheduler, clock, releaser));
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
                    in.setHeader(ReplayConstants.OFFSET, turn.offset());
                    in.setHeader(ReplayConstants.DUE, due);
                    link.writeStarted();
                    waiting.exchange.setProperty(ReplayConstants.SEND_SEQUENCE, link.releasedSend());
                    // A step that fails or stops this exchange before the push step would leave its place empty, and
                    // the connection's later sends would wait for it forever: the guard finds that at its end.
                    waiting.exchange.getExchangeExtension().addOnCompletion(link.unpushedSendGuard);
                    if (due != Readiness.NOW && link.live.holdsWrites() && clock == SystemReplayClock.INSTANCE) {
                        link.live.holdUntil(turn.data(), due, pacer); // its encoder writes it when due
                        in.setHeader(ReplayConstants.DUE, Readiness.NOW); // and measures its lateness then
                    }
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
        letGo(waiting, link);
    }

    /**
     * A released exchange goes on: on the thread that reads the capture when released inside its own pacing step
     * and nothing of its connection is still going on elsewhere, else through the route thread, which keeps each
     * connection's exchanges in release order (see {@link RouteThread}).
     */
    private void letGo(Waiting waiting, LiveLink link) {
        java.util.concurrent.atomic.AtomicInteger goingOn =
                link != null ? link.goingOn : new java.util.concurrent.atomic.AtomicInteger();
        if (goingOn.get() == 0 && waiting.goesOnInPace()) {
            return;
        }
        routeThread.goOn(waiting.exchange, waiting.callback, goingOn);
    }

    /**
     * Runs {@code action} once the connection's writes reached the socket, or once the peer took none of them for
     * the await timeout (at least {@link DrainWatch#MIN_PATIENCE_SECONDS}): a peer that reads slowly is waited for.
     */
    private void whenDrained(LiveLink link, Runnable action) {
        if (link.drained()) {
            link.whenDrained(action);
            return;
        }
        DrainWatch watch = new DrainWatch(scheduler, clock, link, awaitTimeout, patience -> {
            link.replay.problem("the peer stopped reading for more than " + patience + " s; what it had "
                    + "not read was not delivered");
            link.abandonWrites();
        });
        watch.start();
        // Drained in time: the watch is called off, and lets go of the connection now, not at its deadline.
        link.whenDrained(() -> {
            watch.cancel();
            action.run();
        });
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
            link.replay.closing();
            live.close().addListener(closed -> connectionDone(link));
        }
    }

    private void connectionDone(LiveLink link) {
        synchronized (this) {
            RunLedger.Closed closed = ledger.finish(link, timeline.round());
            if (closed == null) {
                return; // finished already
            }
            if (closed.kept()) {
                SendEdits.note(link, closed.result(), role, ReplayRun.of(camelContext));
            }
            // Only the outcome stays: a finished connection's buffers, lane and live state go (thousands of them;
            // camel-netty's producer pool keeps every channel it made, so the channel must not keep them either).
            if (link.live != null) {
                link.live.unbind();
            }
            if (link.keeper != null) {
                ClientRole.giveBackChannel(link.keeper);
            }
            link.keeper = null;
            if (link.acceptTimeout != null) {
                link.acceptTimeout.cancel();
                link.acceptTimeout = null;
            }
            lanes.remove(RunLedger.key(link.replay.round(), link.replay.index()));
        }
        ledger.letGo();
        finishIfDone();
    }

    /**
     * The faults step (between the pacing step and the step that writes): when a fault falls in this segment, its
     * channel's encoder is told to send it cut there and to do the fault, and {@code CamelReplaySentLength} says how
     * much of it goes out.
     */
    public void injectFaults(Exchange exchange) {
        Message in = exchange.getIn();
        Long offset = in.getHeader(ReplayConstants.OFFSET, Long.class);
        LiveLink link = edits.injects() && isSend(in) ? link(in) : null;
        if (link != null && offset != null) {
            edits.injectFaults(link, in, offset);
        }
    }

    /**
     * The rewrite step (after the pacing step): our segment with the fields of {@code replay.rewrite-bytes} and the
     * text of {@code replay.rewrite} rewritten, held until due in place of the recorded one.
     */
    public void rewrite(Exchange exchange) {
        Message in = exchange.getIn();
        Long offset = in.getHeader(ReplayConstants.OFFSET, Long.class);
        LiveLink link = edits.rewrites() && isSend(in) ? link(in) : null;
        if (link != null && offset != null) {
            edits.rewrite(link, in, offset);
        }
    }

    private static boolean isSend(Message in) {
        return ReplayConstants.ACTION_SEND.equals(in.getHeader(ReplayConstants.ACTION, String.class));
    }

    /**
     * Whether this session's route has its step of {@code kind}, as the route's definition says: a step that is
     * declared as a bean but left out of the route would silently do nothing.
     */
    private boolean routeHasStep(ReplayStep.Kind kind) {
        org.apache.camel.model.Model model =
                camelContext.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class);
        org.apache.camel.model.RouteDefinition definition = model == null ? null : model.getRouteDefinition(route);
        return definition == null || hasStep(kind, definition.getOutputs());
    }

    private boolean hasStep(ReplayStep.Kind kind, List<org.apache.camel.model.ProcessorDefinition<?>> steps) {
        for (org.apache.camel.model.ProcessorDefinition<?> step : steps) {
            if (step instanceof org.apache.camel.model.ProcessDefinition process) {
                Object processor = process.getProcessor() != null
                        ? process.getProcessor()
                        : process.getRef() == null
                                ? null
                                : camelContext.getRegistry().lookupByName(process.getRef());
                if (processor instanceof ReplayStep replayStep && replayStep.is(kind, this)) {
                    return true;
                }
            }
            if (hasStep(kind, step.getOutputs())) {
                return true;
            }
        }
        return false;
    }

    /** Client role, after the netty producer: adopt the connection it opened, or count the bytes it wrote. */
    public void afterSend(Exchange exchange) {
        client.afterSend(exchange);
    }

    /** Client role: the netty producer could not write (the peer closed or reset the connection). */
    public void writeFailed(Exchange exchange) {
        client.writeFailed(exchange);
    }

    /** Client role: the connection could not be set up; see {@link ClientRole#connectFailed}. */
    public void connectFailed(Exchange exchange) {
        client.connectFailed(exchange);
    }

    /**
     * The push step, either role: writes a segment of ours to its live connection once its socket takes more
     * (asynchronous); other exchanges pass. See {@link SegmentPush}.
     *
     * @return true when the exchange may go on at once; false: {@code callback} is called once written
     */
    public boolean push(Exchange exchange, AsyncCallback callback) {
        return pusher.push(exchange, callback);
    }

    /** A recorded connection is live on {@code live} from now on. */
    void bind(LiveLink link, LiveConnection live) {
        link.live = live;
        live.onLateness(late -> {
            link.replay.wrote(late);
            lastLagMicros = late / 1_000;
        });
        live.bind(link.replay);
        LOG.info("{} role: recorded connection {} is live with {}", role, link.replay.index(), live.remote());
        link.replay.connected(Math.max(live.upNanos(), readySince), live.remote());
    }

    /** A segment of ours reached the socket. */
    void sent(LiveLink link, int length, long due) {
        long now = clock.nanoTime();
        link.replay.sent(length, due, now);
        if (due != Readiness.NOW) {
            lastLagMicros = (now - due) / 1_000;
        }
        link.writeEnded();
    }

    /** The innermost cause's message: what the socket met (refused, unreachable, timed out). */
    static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        return root == null ? null : root.getMessage();
    }

    /** What a failure says, in its root cause's words (or its root's class, when it has none). */
    static String describe(Throwable thrown) {
        String message = rootMessage(thrown);
        return message == null ? thrown.getClass().getSimpleName() : message;
    }

    /** Whether a failure's words say the peer reset the connection ("Connection reset by peer", ...). */
    static boolean isReset(String why) {
        return why != null && why.toLowerCase(Locale.ROOT).contains("reset");
    }

    /** Once every connection is done and the capture was read to its end: the session's results are final. */
    private void finishIfDone() {
        if (!captureDispatched || !ledger.allFinished()) {
            return;
        }
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
        }
        if (connections != null && !isClient()) {
            server.closeExtraClients();
        }
        if (listenerRoute != null) {
            new ListenerRoute(camelContext, listenerRoute).close();
        }
        List<ConnectionResult> finalResults = ledger.close();
        scheduler.close();
        routeThread.shutdown();
        ReplayRun.of(camelContext).finished(this, finalResults, ledger.rounds());
    }

    /**
     * Starts the run with its first exchange (warm-up, roles, listener), or a new run when the last one is over.
     *
     * @return whether the exchange is to be played: false once the run was given up (a listener that cannot listen,
     *     a refused route), until the routes start again
     */
    private synchronized boolean start(Exchange exchange) {
        if (options != null && !over) {
            return true;
        }
        if (over) {
            if (ReplayRun.of(camelContext).hasFailed()) {
                return false;
            }
            forgetLastRun(); // the route was started again: a new run
        }
        if (camelContext == null) {
            camelContext = exchange.getContext();
        }
        if (route == null) {
            route = exchange.getFromRouteId();
        }
        ReplayRun.of(camelContext).register(this);
        Exception refused = edits.refusal(this::routeHasStep, route);
        if (refused != null) {
            over = true;
            ReplayRun.of(camelContext).fail(refused);
            return false;
        }
        options = new ReplayOptions(
                speed,
                topSpeed,
                maxGap > 0 ? Duration.ofMillis((long) (maxGap * 1000)) : null,
                awaitPeer,
                Duration.ofMillis((long) (awaitTimeout * 1000)));
        timeline = new org.replaytcp.replay.LoopTimeline(options);
        scheduler = new PreciseScheduler("replay-clock-" + role);
        client = new ClientRole(this, connectTimeoutMillis);
        if (topSpeed) {
            // No due times to keep: a warm-up would only put off the first byte (by about a second).
            LOG.info("{} role: top speed, no schedule to keep: no warm-up", role);
        } else {
            // Before any connection's clock starts: the first segment must not run through a cold JVM, nor the
            // reading of the capture behind it (this runs on that route's reading thread: see warmReading).
            long readingStart = System.nanoTime();
            org.apache.camel.Route own = camelContext.getRoute(this.route);
            int read = own != null && own.getConsumer() instanceof PcapConsumer pcap
                    ? pcap.warmReading(WARMUP_EVENTS, readingStart + READING_WARMUP_BUDGET.toNanos())
                    : 0;
            long readingMillis = (System.nanoTime() - readingStart) / 1_000_000;
            Duration warm = ReplayWarmup.run(WARMUP_BUDGET, camelContext);
            Duration route = ReplayWarmup.throughRoute(own, ROUTE_WARMUP_BUDGET);
            Duration settled = ReplayWarmup.settle(SETTLE_BUDGET);
            LOG.info(
                    "{} role: read {} events of the capture in {} ms, warmed up the replay path in {} ms, its route"
                            + " in {} ms, the JIT settled in {} ms",
                    role,
                    read,
                    readingMillis,
                    warm.toMillis(),
                    route.toMillis(),
                    settled.toMillis());
            lastLagMicros = 0; // the warm-up's made-up sends are not the run's
        }
        readySince = clock.nanoTime();
        ReplayRun.of(camelContext).ready(System.nanoTime());
        routeThread = new RouteThread(role);
        sharedLane = new ReplayLane<>(scheduler, clock, releaser);
        if (!isClient()) {
            if (connections == null) {
                throw new IllegalStateException("server role needs the live-connections handler bean (connections)");
            }
            server = new ServerRole(this, connections, acceptTimeout);
            server.matchClients();
        }
        if (listenerRoute != null) {
            ListenerRoute listener = new ListenerRoute(camelContext, listenerRoute);
            if (!isClient()) {
                listener.open();
            }
            listener.warnIfListeningEverywhere();
        }
        return !over; // over already: the listener could not listen, and the run was given up
    }

    /**
     * What a run leaves behind is dropped before the next one (a route started again by a {@link ReplayTrigger}):
     * its connections, counts and clocks. The rewrite counters stay, so numbers go on from one run to the next.
     */
    private void forgetLastRun() {
        ledger.clear();
        lanes.clear();
        captureDispatched = false;
        lastLagMicros = 0;
        runOrigin = new RunOrigin();
        options = null;
        over = false;
    }

    /**
     * The run is given up before its end (a trigger's timeout, a listener that cannot listen): the exchanges waiting
     * in its lanes go on at once with nothing to do, so that Camel is not kept waiting for them when it stops (its
     * graceful shutdown waited 45 s for exchanges that would never go on). A new run starts with the routes.
     */
    void abandon() {
        List<Waiting> waiting = new ArrayList<>();
        List<RouteThread.Hop> queued;
        synchronized (this) {
            if (over || options == null) {
                return;
            }
            over = true;
            scheduler.close();
            queued = routeThread.shutdownNow();
            lanes.values().forEach(lane -> waiting.addAll(lane.abandonAll()));
            if (sharedLane != null) {
                waiting.addAll(sharedLane.abandonAll());
            }
        }
        for (Waiting exchange : waiting) {
            exchange.exchange.getIn().setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_NONE);
            exchange.done();
        }
        for (RouteThread.Hop hop : queued) { // released, but still queued to go on: as above
            if (hop.exchange() != null) {
                hop.exchange().getIn().setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_NONE);
            }
            hop.callback().done(false);
        }
    }

    /** The non-blank items of a setting's list, split at {@code separator} (a regex). */
    static List<String> split(String list, String separator) {
        return java.util.Arrays.stream(list == null ? new String[0] : list.split(separator))
                .filter(item -> !item.isBlank())
                .toList();
    }

    /** The connection under way an exchange is about (its index and round headers), or null. */
    LiveLink link(Message in) {
        Integer index = in.getHeader(PcapConstants.CONNECTION_INDEX, Integer.class);
        return index == null ? null : ledger.get(in.getHeader(PcapConstants.ROUND, 1, Integer.class), index);
    }

    ReplayClock clock() {
        return clock;
    }

    PreciseScheduler scheduler() {
        return scheduler;
    }

    RunOrigin runOrigin() {
        return runOrigin;
    }

    ReplayOptions options() {
        return options;
    }

    private boolean isClient() {
        return "client".equals(role);
    }

    /**
     * What is known now, for a summary when the replay is interrupted: the finished connections' results, and the
     * others as they stand, marked interrupted. Read from another thread; approximate by nature.
     */
    List<ConnectionResult> snapshot() {
        return ledger.snapshot();
    }

    /** Bytes sent so far, over all connections (read by progress lines from another thread). */
    long sentBytes() {
        return ledger.sentBytes();
    }

    /** Connections whose outcome is final. */
    int finishedConnections() {
        return ledger.finishedConnections();
    }

    /** The round being played, from 1. */
    int currentRound() {
        org.replaytcp.replay.LoopTimeline now = timeline;
        return now == null ? 1 : now.round();
    }

    /** How the rounds went so far. */
    List<org.replaytcp.replay.RoundRun> rounds() {
        return ledger.rounds();
    }

    /** How late the latest send was, in microseconds. */
    long currentLagMicros() {
        return lastLagMicros;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        excludeRouteIfDisabled();
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
        excludeRouteIfDisabled();
    }

    /**
     * Whether this role plays at all ({@code replay.client.enabled} / {@code replay.server.enabled}). A disabled
     * role's route is left out of Camel's start through Camel's own {@code autoStartupExcludePattern}, so the route
     * files can keep {@code autoStartup} a constant (the YAML DSL's schema allows only a boolean there).
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
        excludeRouteIfDisabled();
    }

    /**
     * Adds the route to the context's auto-start exclusions once the context, the route id and a disabled setting
     * are all known (Camel sets bean properties and the context in an order of its own). Through a startup
     * listener, so just before Camel starts routes: camel-main sets the exclusions from its own configuration
     * after the route files' beans are made, replacing what a bean would have put there.
     */
    private void excludeRouteIfDisabled() {
        if (enabled || startExcluded || camelContext == null || route == null) {
            return;
        }
        startExcluded = true;
        try {
            camelContext.addStartupListener((context, alreadyStarted) -> {
                String exclusions = context.getAutoStartupExcludePattern();
                context.setAutoStartupExcludePattern(
                        exclusions == null || exclusions.isBlank() ? route : exclusions + "," + route);
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot leave route " + route + " out of Camel's start", e);
        }
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
        this.rules = rulesWithMasks();
    }

    /** Byte ranges of binary frames not compared, comma-separated, e.g. {@code AA55:8-15}; parsed here too. */
    public void setIgnoreBytes(String ignoreBytes) {
        this.ignoreBytes = ignoreBytes;
        this.rules = rulesWithMasks();
    }

    /**
     * Faults to inject into our side ({@code --fault}), separated by {@code ;} or new lines, each
     * {@code KIND[:SECONDS]@BYTE[,conn=K][,round=R]}; parsed here, so one that does not parse fails the route's
     * start. Needs a faults step in the route.
     */
    public void setFaults(String text) {
        edits.setFaults(text);
    }

    /**
     * Fields of our binary frames to rewrite ({@code --rewrite-bytes}), comma-separated, each
     * {@code PREFIX:FROM-TO=counter|time-ms|time-s|const:HEX[:le]}; parsed here (one that does not parse fails the
     * route's start). The same fields are not compared in what the peer sends (it may echo them). Needs a rewrite
     * step in the route.
     */
    public void setRewriteBytes(String text) {
        edits.setRewriteBytes(text);
        this.rules = rulesWithMasks();
    }

    /**
     * Text rules for what we send ({@code --rewrite}), one per line, each {@code REGEX=>REPLACEMENT}; parsed here
     * (one that does not parse fails the route's start). What the same REGEX matches in what the peer sends is not
     * compared. Needs a rewrite step in the route.
     */
    public void setRewrite(String text) {
        edits.setRewrite(text);
        this.rules = rulesWithMasks();
    }

    /** Whether a text rule may change a length ({@code --allow-resize}); otherwise such a match goes out as recorded. */
    public void setAllowResize(boolean allowResize) {
        edits.setAllowResize(allowResize);
    }

    /** Why --allow-resize and --fault are refused together (the command line says it before anything starts). */
    public static final String RESIZE_AND_FAULTS = SendEdits.RESIZE_AND_FAULTS;

    /** The ignore rules, with the rewritten fields and what the text rules match masked too. */
    private IgnoreRules rulesWithMasks() {
        List<String> frames = new ArrayList<>(split(ignoreBytes, ","));
        frames.addAll(edits.frameMasks());
        List<String> texts = new ArrayList<>(split(ignore, "\n"));
        texts.addAll(edits.textMasks());
        return IgnoreRules.of(texts, frames);
    }

    /** For tests: another clock. */
    public void setClock(ReplayClock clock) {
        this.clock = clock;
    }
}
