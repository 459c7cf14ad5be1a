package org.replaytcp.camel;

import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.component.netty.NettyProducer;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.commons.pool2.ObjectPool;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.netty.LiveConnections;
import org.replaytcp.replay.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client role's glue (replay-tcp connects, as DAQbox): the netty producer after the pacing step connects on
 * an {@code OPEN} exchange and writes each {@code SEND}; this adopts the connection it opened, counts what went
 * out, and retries a refused connect with back-off until the connect timeout.
 */
final class ClientRole {

    private static final Logger LOG = LoggerFactory.getLogger(ClientRole.class);

    private final ReplaySession session;
    private final long connectTimeoutMillis;
    /** A connection gave up connecting; the others try once. */
    private volatile boolean targetUnreachable;

    ClientRole(ReplaySession session, long connectTimeoutMillis) {
        this.session = session;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** After the netty producer: adopt the connection it opened, or count the bytes it wrote. */
    public void afterSend(Exchange exchange) {
        Message in = exchange.getIn();
        if (in.getHeader(ReplayConstants.WARM_UP) != null) {
            return;
        }
        LiveLink link = session.link(in);
        if (link == null) {
            return;
        }
        String action = in.getHeader(ReplayConstants.ACTION, String.class);
        if (ReplayConstants.ACTION_OPEN.equals(action)) {
            Channel channel = exchange.getProperty(NettyConstants.NETTY_CHANNEL, Channel.class);
            if (channel == null || channel.pipeline().get(LiveConnections.class) == null) {
                link.replay.gaveUp(
                        "the netty endpoint gave no channel: it needs reuseChannel=true and decoders "
                                + "starting with the live-connections handler",
                        session.clock().nanoTime());
                return;
            }
            // The producer would hand the channel back to its pool when this exchange completes, and another
            // recorded connection could get it. Move that release to a keeper that is never completed.
            link.keeper = new DefaultExchange(session.getCamelContext());
            exchange.getExchangeExtension().handoverCompletions(link.keeper);
            session.bind(link, LiveConnection.of(channel));
        } else if (ReplayConstants.ACTION_SEND.equals(action)) {
            session.sent(
                    link,
                    in.getHeader(ReplayConstants.SENT_LENGTH, in.getBody(byte[].class).length, Integer.class),
                    in.getHeader(ReplayConstants.DUE, Readiness.NOW, Long.class));
        }
    }

    /**
     * The connection is over and its channel closed: hand the channel back to the netty producer's pool as it is,
     * closed. Its pool keeps every channel it lends until it is given back (about 6 KB a connection: a loop of
     * thousands of rounds would fill the heap). The producer's own release is not the way: it invalidates a closed
     * channel, and this pool (commons-pool2 2.13) opens a fresh connection in its place at once, one the
     * recording never had. Given back closed, the channel waits among the idle ones (at most the pool's maxIdle)
     * until the next borrower's validation drops it, without a connection in its place. Done through the
     * producer's release callback, whose fields name the pool and the channel's future; if a later camel-netty
     * lays them out otherwise, the channel stays lent, as before.
     */
    static void giveBackChannel(Exchange keeper) {
        List<Synchronization> completions = keeper.getExchangeExtension().handoverCompletions();
        if (completions == null) {
            return;
        }
        for (Synchronization completion : completions) {
            try {
                Object future = field(completion, "val$channelFuture");
                Object producer = field(completion, "this$0");
                if (future != null && producer instanceof NettyProducer) {
                    java.lang.reflect.Field pool = NettyProducer.class.getDeclaredField("pool");
                    pool.setAccessible(true);
                    @SuppressWarnings("unchecked")
                    ObjectPool<Object> channels = (ObjectPool<Object>) pool.get(producer);
                    channels.returnObject(future);
                }
            } catch (ReflectiveOperationException | RuntimeException notThatCamel) {
                if (!warnedGiveBack) {
                    warnedGiveBack = true;
                    LOG.debug("cannot give closed channels back to camel-netty's pool: {}", notThatCamel.toString());
                }
            } catch (Exception poolFailure) {
                LOG.debug("the channel pool refused a closed channel: {}", poolFailure.toString());
            }
        }
    }

    private static volatile boolean warnedGiveBack;

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    /**
     * The netty producer could not write (the peer closed or reset the connection). A send of ours that met this
     * before its push is ended by {@link UnpushedSendGuard} (a pushed one by its write's listener).
     */
    public void writeFailed(Exchange exchange) {
        LiveLink link = session.link(exchange.getIn());
        if (link != null) {
            String why = ReplaySession.rootMessage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
            link.replay.peerGone(ReplaySession.isReset(why), why);
        }
    }

    /**
     * The connection could not be set up. Until the connect timeout has passed since the first
     * refusal, the pcap: consumer is asked to send the same OPENED event again after a growing pause (the server
     * may be started after the tool): 100 ms, doubling to 2 s. Then the summary says why, and the others go on.
     */
    public void connectFailed(Exchange exchange) {
        LiveLink link = session.link(exchange.getIn());
        if (link == null) {
            return;
        }
        String why = ReplaySession.rootMessage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
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
        String reason = link.connectError != null
                ? link.connectError
                : why != null && why.startsWith("Unable to validate") ? "Connection refused" : why;
        String target = String.valueOf(exchange.getProperty(Exchange.FAILURE_ENDPOINT))
                .replaceFirst("^netty:(//)?tcp://", "")
                .replaceFirst("[?].*$", "");
        targetUnreachable = true; // later connections try once: the server did not come within the timeout
        link.replay.gaveUp(
                "could not connect to " + target + " within " + connectTimeoutMillis / 1000.0 + " s"
                        + (reason == null ? "" : " (" + reason + ")"),
                session.clock().nanoTime());
    }
}
