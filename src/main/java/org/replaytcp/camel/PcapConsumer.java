package org.replaytcp.camel;

import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.replaytcp.capture.CaptureProblem;
import org.replaytcp.tcp.ConnectionInfo;
import org.replaytcp.tcp.ConversationReader;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.TcpEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the capture on one thread and sends one exchange per selected event, each waiting for the route to
 * finish with the previous one (or, with {@code maxInFlight}, up to that many data exchanges at once), so a pacing
 * step downstream sets the rhythm.
 *
 * <p>The file is opened when the route starts, so a missing or damaged capture stops the start with a clear
 * message rather than failing later on another thread.
 */
final class PcapConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(PcapConsumer.class);

    private final PcapEndpoint endpoint;
    private final ConnectionSelection selection;
    private final Direction directionFilter;
    private ConversationReader reader;
    private ExecutorService executor;
    private volatile boolean running;
    private volatile boolean captureRead;
    private InFlightWindow inFlight;
    /** Sends events again that the route asked for later (ordering CONNECTION: the reader does not wait). */
    private java.util.concurrent.ScheduledExecutorService retries;
    /** The reading thread's names of the connection whose events it filled last. */
    private final ConnectionNames names = new ConnectionNames();

    /** The round being read, from 1 (only the reading thread writes it). */
    private volatile int round = 1;

    PcapConsumer(PcapEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.selection = endpoint.connectionSelection();
        this.directionFilter = endpoint.directionFilter();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        captureRead = false; // a route started again (a replay trigger) reads its capture again
        reader = new ConversationReader(endpoint.filePath(), endpoint.getServerPort(), summary -> {});
        inFlight = new InFlightWindow(endpoint.getMaxInFlight(), endpoint.getMaxInFlightBytes());
        retries = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "pcap-retry:" + endpoint.getFile());
        running = true;
        executor = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadExecutor(this, "pcap:" + endpoint.getFile());
        ConversationReader opened = reader;
        executor.execute(() -> readAll(opened));
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        if (retries != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(retries);
            retries = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
        super.doStop();
    }

    private void readAll(ConversationReader reader) {
        long sent = 0;
        try {
            ReplayRun run = ReplayRun.of(getEndpoint().getCamelContext());
            run.readingStarts();
            run.planRounds(endpoint.getLoop());
            long started = System.nanoTime();
            for (int round = 1; running && isRunAllowed(); round++) {
                if (round > 1) {
                    reader = new ConversationReader(endpoint.filePath(), endpoint.getServerPort(), summary -> {});
                    this.reader = reader;
                }
                this.round = round;
                RoundRead read = readRound(reader, started);
                sent += read.sent();
                for (CaptureProblem problem : round == 1 ? reader.problems() : List.<CaptureProblem>of()) {
                    LOG.warn("{}", problem); // the same in every round: said once
                }
                if (!read.another()) {
                    break;
                }
                reader.close();
                pause(endpoint.getLoopGap());
            }
            awaitInFlight();
            LOG.info(
                    "pcap: {}: sent {} exchanges in {} round(s) of {} packets",
                    endpoint.getFile(),
                    sent,
                    round,
                    reader.packets());
            captureRead = true;
            run.captureRead();
        } catch (Exception e) {
            if (running) {
                getExceptionHandler().handleException("pcap: reading " + endpoint.getFile() + " failed", e);
            }
        }
    }

    /** What a round sent: how many exchanges, and whether another round follows. */
    private record RoundRead(long sent, boolean another) {}

    /**
     * Sends one round: every selected event, the last of them once the others are done with, marked last when no
     * round follows it.
     */
    private RoundRead readRound(ConversationReader reader, long started) throws Exception {
        long sent = 0;
        TcpEvent current = nextSelected(reader);
        boolean free = endpoint.dispatchesFreely();
        while (current != null && running && isRunAllowed()) {
            TcpEvent following = nextSelected(reader);
            boolean lastOfRound = following == null;
            boolean another = false;
            if (lastOfRound && loops()) {
                // Whether another round follows is decided once this one is played out, but for this one event:
                // a duration may run out while it plays.
                awaitInFlight();
                another = anotherRound(started);
            }
            boolean last = lastOfRound && !another;
            if (free) {
                sendAsync(current, last);
            } else if (endpoint.getMaxInFlight() > 1 && current instanceof TcpEvent.DataSegment && following != null) {
                sendAsync(current, false);
            } else {
                awaitInFlight();
                send(current, last);
            }
            sent++;
            current = following;
            if (lastOfRound) {
                awaitInFlight();
                return new RoundRead(sent, another);
            }
        }
        return new RoundRead(sent, false);
    }

    /** Whether the capture is read more than once. */
    private boolean loops() {
        return endpoint.getLoop() != 1;
    }

    /** Whether a round follows the current one: rounds are left, the duration is not over, the route runs. */
    private boolean anotherRound(long started) {
        boolean roundsLeft = endpoint.getLoop() == 0 || round < endpoint.getLoop();
        boolean timeLeft =
                endpoint.getDuration() <= 0 || System.nanoTime() - started < (long) (endpoint.getDuration() * 1e9);
        return roundsLeft && timeLeft && running && isRunAllowed();
    }

    private void pause(double seconds) throws InterruptedException {
        if (seconds > 0) {
            Thread.sleep((long) (seconds * 1000));
        }
    }

    /**
     * The run failed as a whole: read no further. The reading thread ends once the exchanges it waits for are done
     * (the sessions let them go).
     */
    void stopReading() {
        running = false;
    }

    /**
     * Reads the start of the capture once more, each event into a scratch exchange that goes nowhere, until
     * {@code events} were read or {@code deadline} (System.nanoTime) has passed, with a reader and names of its own
     * (it may run beside the reading). The replay's warm-up does this before the first due time (on the reading
     * thread, within the first exchange's pacing step), so the first events of the run are not read, decoded and
     * reassembled by cold code while the first segments are due. Measured 2026-12-07 (a fresh JVM, one connection):
     * the JIT compiled the reader, the decoder and the reassembler (~50 methods) in the 10 ms after the SYN, and the
     * first segment went out 3-17 ms late against the rhythm of the rest.
     *
     * @return how many events were read
     */
    int warmReading(int events, long deadline) {
        int read = 0;
        Exchange scratch = getEndpoint().createExchange();
        ConnectionNames own = new ConnectionNames(); // not the reading thread's: an embedder may call this elsewhere
        // A short capture is read again from its start: the code must run often enough for the JIT to compile it.
        while (read < events && System.nanoTime() < deadline) {
            int before = read;
            try (ConversationReader warm =
                    new ConversationReader(endpoint.filePath(), endpoint.getServerPort(), summary -> {})) {
                for (TcpEvent event = nextSelected(warm);
                        event != null && read < events && System.nanoTime() < deadline;
                        event = nextSelected(warm)) {
                    fill(scratch.getIn(), event, own);
                    read++;
                }
            } catch (java.io.IOException | RuntimeException e) {
                break; // a capture that cannot be read is reported by the reading itself, not by its warm-up
            }
            if (read == before) {
                break; // nothing selected in it
            }
        }
        return read;
    }

    /** Whether the whole capture has been read and sent. */
    boolean isCaptureRead() {
        return captureRead;
    }

    private TcpEvent nextSelected(ConversationReader reader) throws java.io.IOException {
        for (TcpEvent event = reader.next(); event != null; event = reader.next()) {
            if (selected(event)) {
                return event;
            }
        }
        return null;
    }

    private boolean selected(TcpEvent event) {
        ConnectionInfo info = event.connection();
        if (!selection.includes(info.index())) {
            return false;
        }
        if (endpoint.getServerPort() != null && info.server().port() != endpoint.getServerPort()) {
            return false;
        }
        if (event instanceof TcpEvent.DataSegment data) {
            return directionFilter == null || data.direction() == directionFilter;
        }
        if (!endpoint.isIncludeEvents()) {
            return false;
        }
        return !(event instanceof TcpEvent.StreamGap gap)
                || directionFilter == null
                || gap.direction() == directionFilter;
    }

    /**
     * Sends a data event without waiting for the route to finish with it, so writes of one connection follow each
     * other without a hand-off per segment; at most maxInFlight are in the route at once.
     */
    private void sendAsync(TcpEvent event, boolean last) throws InterruptedException {
        int payload = event instanceof TcpEvent.DataSegment data ? data.data().length : 0;
        inFlight.acquire(payload);
        dispatch(event, last, payload);
    }

    /** Sends an event that holds a place in the window; the place is given back when the route is done with it. */
    private void dispatch(TcpEvent event, boolean last, int payload) {
        Exchange exchange = createExchange(false);
        try {
            fill(exchange.getIn(), event);
            exchange.getIn().setHeader(PcapConstants.LAST, last);
        } catch (RuntimeException e) {
            inFlight.release(payload);
            releaseExchange(exchange, false);
            throw e;
        }
        getAsyncProcessor().process(exchange, doneSync -> {
            Long retryDelay = exchange.getProperty(PcapConstants.RETRY_DELAY, Long.class);
            try {
                done(exchange, event);
            } finally {
                if (retryDelay != null && retryDelay > 0 && running && isRunAllowed()) {
                    // The same event again later, still holding its place; its connection's later events wait
                    // downstream for it (ordering CONNECTION), the others go on.
                    retries.schedule(
                            () -> dispatch(event, last, payload),
                            retryDelay,
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                } else {
                    inFlight.release(payload);
                }
            }
        });
    }

    /** Waits until every exchange sent without waiting is done: events other than data keep their order. */
    private void awaitInFlight() throws InterruptedException {
        inFlight.awaitEmpty();
    }

    /** Sends the event; again, after a pause, as long as the route asks for it with {@link PcapConstants#RETRY_DELAY}. */
    private void send(TcpEvent event, boolean last) throws InterruptedException {
        long retryDelay = sendOnce(event, last);
        while (retryDelay > 0 && running && isRunAllowed()) {
            Thread.sleep(retryDelay);
            retryDelay = sendOnce(event, last);
        }
    }

    /** @return the delay after which the route wants the event again, or 0 */
    private long sendOnce(TcpEvent event, boolean last) {
        Exchange exchange = createExchange(false);
        long retryDelay = 0;
        try {
            fill(exchange.getIn(), event);
            exchange.getIn().setHeader(PcapConstants.LAST, last);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Long asked = exchange.getProperty(PcapConstants.RETRY_DELAY, Long.class);
        if (asked != null && asked > 0) {
            retryDelay = asked;
        }
        done(exchange, event);
        if (Thread.currentThread().isInterrupted()) {
            running = false;
        }
        return retryDelay;
    }

    /** The route is done with an exchange: report its failure, if any, and release it. */
    private void done(Exchange exchange, TcpEvent event) {
        try {
            // While the context stops, exchanges still in flight are refused: that is no failure to report.
            if (exchange.getException() != null && isRunAllowed()) {
                getExceptionHandler()
                        .handleException(
                                "pcap: processing " + describe(event) + " failed", exchange, exchange.getException());
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void fill(Message message, TcpEvent event) {
        fill(message, event, names);
    }

    /** The endpoints of the connection named last, printed once per run of its events, not once per segment. */
    private static final class ConnectionNames {
        ConnectionInfo connection;
        String client;
        String server;
    }

    private void fill(Message message, TcpEvent event, ConnectionNames names) {
        ConnectionInfo info = event.connection();
        if (info != names.connection) {
            names.connection = info;
            names.client = info.client().toString();
            names.server = info.server().toString();
        }
        // A new message's headers in our own map (the command line's and camel:run's) are added without searching
        // for each name first: all are new, under distinct names. Camel's default map gets setHeader as always.
        java.util.function.BiConsumer<String, Object> headers =
                message.getHeaders() instanceof SmallHeadersMap small && small.isEmpty()
                        ? small::putAbsent
                        : message::setHeader;
        headers.accept(PcapConstants.CONNECTION_INDEX, info.index());
        headers.accept(PcapConstants.ROUND, round);
        headers.accept(PcapConstants.EVENT, event);
        headers.accept(PcapConstants.CLIENT, names.client);
        headers.accept(PcapConstants.SERVER, names.server);
        headers.accept(PcapConstants.ROLE_FROM, info.roleFrom().jsonName());
        headers.accept(PcapConstants.TIMESTAMP, event.timestampNanos());
        headers.accept(PcapConstants.TIME_SINCE_OPEN, event.timestampNanos() - info.openedNanos());
        if (event instanceof TcpEvent.DataSegment data) {
            headers.accept(PcapConstants.EVENT_TYPE, PcapConstants.EVENT_DATA);
            headers.accept(PcapConstants.DIRECTION, data.direction().name());
            headers.accept(PcapConstants.STREAM_OFFSET, data.streamOffset());
            message.setBody(data.data());
        } else if (event instanceof TcpEvent.StreamGap gap) {
            headers.accept(PcapConstants.EVENT_TYPE, PcapConstants.EVENT_GAP);
            headers.accept(PcapConstants.DIRECTION, gap.direction().name());
            headers.accept(PcapConstants.STREAM_OFFSET, gap.streamOffset());
            headers.accept(PcapConstants.GAP_LENGTH, gap.length());
        } else if (event instanceof TcpEvent.HalfClose halfClose) {
            headers.accept(PcapConstants.EVENT_TYPE, PcapConstants.EVENT_HALF_CLOSE);
            headers.accept(PcapConstants.DIRECTION, halfClose.direction().name());
            headers.accept(PcapConstants.STREAM_OFFSET, halfClose.streamOffset());
        } else if (event instanceof TcpEvent.ConnectionReset reset) {
            headers.accept(PcapConstants.EVENT_TYPE, PcapConstants.EVENT_RESET);
            headers.accept(PcapConstants.DIRECTION, reset.direction().name());
        } else if (event instanceof TcpEvent.ConnectionClosed closed) {
            headers.accept(PcapConstants.EVENT_TYPE, PcapConstants.EVENT_CLOSED);
            headers.accept(PcapConstants.CONNECTION_END, closed.end().jsonName());
        } else {
            headers.accept(PcapConstants.EVENT_TYPE, PcapConstants.EVENT_OPENED);
        }
    }

    private static String describe(TcpEvent event) {
        return event.getClass().getSimpleName() + " of connection "
                + event.connection().index();
    }
}
