package org.replaytcp.camel;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.replaytcp.tcp.Direction;

/**
 * Reads the TCP connections of a pcap or pcapng file (consumer; options choose which connections and events), or
 * writes what a route sends it as a pcapng capture (producer).
 */
// remote = false: it reads and writes local files (tooling tells local from remote endpoints by it).
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "pcap",
        title = "PCAP",
        syntax = "pcap:file",
        category = {Category.FILE},
        headersClass = PcapConstants.class,
        remote = false)
public final class PcapEndpoint extends DefaultEndpoint implements MultipleConsumersSupport {

    /** Value of {@code direction} that keeps both directions. */
    public static final String BOTH = "BOTH";

    @UriPath(description = "The capture file (.pcap or .pcapng), relative to the working directory or absolute.")
    @Metadata(required = true)
    private final String file;

    @UriParam(
            label = "consumer",
            description = "Connections to read, by index: a list such as 0,2,5-7. Empty reads all.")
    private String connections;

    @UriParam(
            label = "consumer",
            description = "Keep only connections whose server listens on this port; also names "
                    + "the server of connections whose SYN the capture lacks.")
    private Integer serverPort;

    @UriParam(
            label = "consumer",
            defaultValue = BOTH,
            enums = "BOTH,CLIENT_TO_SERVER,SERVER_TO_CLIENT",
            description = "Which direction's segments to send.")
    private String direction = BOTH;

    @UriParam(
            label = "consumer",
            defaultValue = "false",
            description = "Also send exchanges for connection events (OPENED, GAP, HALF_CLOSE, RESET, CLOSED).")
    private boolean includeEvents;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "1",
            description = "How many exchanges may be in the route at once (1: each waits for the one before).")
    private int maxInFlight = 1;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "33554432",
            description = "How many payload bytes may be in the route at once, over all exchanges in flight.")
    private long maxInFlightBytes = 32L * 1024 * 1024;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = ORDERING_CAPTURE,
            enums = ORDERING_CAPTURE + "," + ORDERING_CONNECTION,
            description = "With maxInFlight above 1, what keeps its order: CAPTURE (data exchanges overlap, every "
                    + "other event waits for all before it) or CONNECTION (no exchange waits for another: a step "
                    + "downstream keeps each connection's order, as the replay's pacing step does).")
    private String ordering = ORDERING_CAPTURE;

    @UriParam(
            label = "consumer",
            defaultValue = "1",
            description = "How many times to read the capture, one round after the other (0: until the route stops "
                    + "or the duration is over); each round's exchanges carry CamelPcapRound.")
    private int loop = 1;

    @UriParam(
            label = "consumer",
            defaultValue = "0.0",
            description = "Seconds after which no new round starts (the round under way finishes); 0: no limit.")
    private double duration;

    @UriParam(
            label = "consumer",
            defaultValue = "0.0",
            description = "Seconds to wait between the end of a round (every exchange of it done) and the next.")
    private double loopGap;

    /** Value of {@code ordering}: other events wait for all exchanges before them. */
    public static final String ORDERING_CAPTURE = "CAPTURE";
    /** Value of {@code ordering}: no exchange waits for another. */
    public static final String ORDERING_CONNECTION = "CONNECTION";

    PcapEndpoint(String uri, PcapComponent component, String file) {
        super(uri, component);
        this.file = file;
    }

    /** Checks the options together, so a wrong value fails when the route starts, naming the endpoint. */
    void validate() {
        ConnectionSelection.parse(connections);
        if (maxInFlight < 1 || maxInFlight > 100_000) {
            throw new IllegalArgumentException(
                    "maxInFlight must be 1-100000, not " + maxInFlight + " in " + getEndpointUri());
        }
        if (maxInFlightBytes < 1) {
            throw new IllegalArgumentException(
                    "maxInFlightBytes must be at least 1, not " + maxInFlightBytes + " in " + getEndpointUri());
        }
        ordering = ordering.toUpperCase(Locale.ROOT);
        if (!ordering.equals(ORDERING_CAPTURE) && !ordering.equals(ORDERING_CONNECTION)) {
            throw new IllegalArgumentException(
                    "ordering must be CAPTURE or CONNECTION, not " + ordering + " in " + getEndpointUri());
        }
        if (loop < 0) {
            throw new IllegalArgumentException(
                    "loop must be 0 (until stopped) or more, not " + loop + " in " + getEndpointUri());
        }
        if (!(duration >= 0) || Double.isInfinite(duration)) {
            throw new IllegalArgumentException(
                    "duration must be 0 (no limit) or more seconds, not " + duration + " in " + getEndpointUri());
        }
        if (!(loopGap >= 0) || Double.isInfinite(loopGap)) {
            throw new IllegalArgumentException(
                    "loopGap must be 0 or more seconds, not " + loopGap + " in " + getEndpointUri());
        }
        if (serverPort != null && (serverPort < 1 || serverPort > 65535)) {
            throw new IllegalArgumentException(
                    "serverPort must be 1-65535, not " + serverPort + " in " + getEndpointUri());
        }
        try {
            direction = direction.toUpperCase(Locale.ROOT);
            if (!BOTH.equals(direction)) {
                Direction.valueOf(direction);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("direction must be BOTH, CLIENT_TO_SERVER or SERVER_TO_CLIENT, not "
                    + direction + " in " + getEndpointUri());
        }
    }

    /** Each consumer reads the file on its own, so two routes (one per role) can replay the same capture. */
    @Override
    public boolean isMultipleConsumersSupported() {
        return true;
    }

    /** Writes the exchanges it is sent as a pcapng capture (the file is replaced when the route starts). */
    @Override
    public Producer createProducer() {
        return new PcapProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        PcapConsumer consumer = new PcapConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    Path filePath() {
        return Path.of(file);
    }

    ConnectionSelection connectionSelection() {
        return ConnectionSelection.parse(connections);
    }

    /** The direction kept, or null for both. */
    Direction directionFilter() {
        return BOTH.equals(direction) ? null : Direction.valueOf(direction);
    }

    public String getFile() {
        return file;
    }

    public String getConnections() {
        return connections;
    }

    /** Connections to read, by index: a list such as 0,2,5-7. Empty reads all. */
    public void setConnections(String connections) {
        this.connections = connections;
    }

    public Integer getServerPort() {
        return serverPort;
    }

    /** Keep only connections whose server listens on this port; also names the server when there is no SYN. */
    public void setServerPort(Integer serverPort) {
        this.serverPort = serverPort;
    }

    public String getDirection() {
        return direction;
    }

    /** Which direction's segments to send: BOTH, CLIENT_TO_SERVER or SERVER_TO_CLIENT. */
    public void setDirection(String direction) {
        this.direction = direction;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    /** How many exchanges may be in the route at once (1: each waits for the one before). */
    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public long getMaxInFlightBytes() {
        return maxInFlightBytes;
    }

    /** How many payload bytes may be in the route at once, over all exchanges in flight. */
    public void setMaxInFlightBytes(long maxInFlightBytes) {
        this.maxInFlightBytes = maxInFlightBytes;
    }

    public String getOrdering() {
        return ordering;
    }

    /** With maxInFlight above 1: CAPTURE (other events wait for all before them) or CONNECTION (none waits). */
    public void setOrdering(String ordering) {
        this.ordering = ordering;
    }

    /** Whether no exchange waits for another (ordering CONNECTION, with more than one in flight). */
    boolean dispatchesFreely() {
        return maxInFlight > 1 && ORDERING_CONNECTION.equals(ordering);
    }

    public int getLoop() {
        return loop;
    }

    /** How many times to read the capture, one round after the other (0: until stopped or the duration is over). */
    public void setLoop(int loop) {
        this.loop = loop;
    }

    public double getDuration() {
        return duration;
    }

    /** Seconds after which no new round starts (the round under way finishes); 0: no limit. */
    public void setDuration(double duration) {
        this.duration = duration;
    }

    public double getLoopGap() {
        return loopGap;
    }

    /** Seconds to wait between the end of a round (every exchange of it done) and the next. */
    public void setLoopGap(double loopGap) {
        this.loopGap = loopGap;
    }

    public boolean isIncludeEvents() {
        return includeEvents;
    }

    /** Also send exchanges for connection events (OPENED, GAP, HALF_CLOSE, RESET, CLOSED). */
    public void setIncludeEvents(boolean includeEvents) {
        this.includeEvents = includeEvents;
    }
}
