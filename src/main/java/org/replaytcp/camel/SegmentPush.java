package org.replaytcp.camel;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.replaytcp.replay.Readiness;

/**
 * The push step of either role: writes a segment of ours ({@code CamelReplayAction} SEND) to its connection's live
 * channel, in order with the connection's other segments, once the socket takes more; other exchanges pass.
 *
 * <p>Why not the netty producer for every segment (the client role's way until 2026-12-06): with the exchange's
 * channel given, camel-netty 4.18 goes on in a listener of an already completed future, which netty runs on the
 * channel's event loop, so that thread did the producer's work, the write and the whole rest of the route (its
 * completion, the after-send step, Camel's callbacks) for every segment, beside its own reading and writing. At
 * top speed the event loop was the bottleneck (1 M segments of 100 bytes: 18.6 s of its CPU in a 19.8 s run, the
 * reading thread 7.7 s). Here a writable channel gets the write handed over (netty queues it to the event loop, in
 * the order given) and the exchange goes on at once on the thread that released it.
 */
final class SegmentPush {

    private final ReplaySession session;

    SegmentPush(ReplaySession session) {
        this.session = session;
    }

    /**
     * Writes the segment, or has it written once the socket takes more.
     *
     * @return true when the exchange may go on at once; false: {@code callback} is called once it is written
     */
    boolean push(Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getIn();
        if (!ReplayConstants.ACTION_SEND.equals(in.getHeader(ReplayConstants.ACTION, String.class))) {
            return true;
        }
        // The warm-up's made-up connection, on its in-memory channel, takes the very path of a recorded send, so that
        // path is not run for the first time by the first recorded segment.
        LiveLink link = in.getHeader(ReplayConstants.WARM_UP) != null
                ? exchange.getProperty(ReplayConstants.WARM_UP_LINK, LiveLink.class)
                : session.link(in);
        if (link == null || link.live == null) {
            return true;
        }
        Long place = exchange.getProperty(ReplayConstants.SEND_SEQUENCE, Long.class);
        byte[] data = in.getBody(byte[].class);
        int length = in.getHeader(ReplayConstants.SENT_LENGTH, data.length, Integer.class);
        long due = in.getHeader(ReplayConstants.DUE, Readiness.NOW, Long.class);
        Channel channel = link.live.channel();
        if (place == null) {
            return pushNow(link, channel, data, length, due, callback); // not released by the pacing step
        }
        long at = place;
        java.util.function.BooleanSupplier pushOrDrop =
                () -> link.stopped(at) ? dropped(link) : pushNow(link, channel, data, length, due, callback);
        Boolean atOnce = link.pushInOrder(at, pushOrDrop, () -> {
            if (pushOrDrop.getAsBoolean()) {
                goOn(callback); // it waited for its turn: its exchange goes on now
            }
        });
        return atOnce != null && atOnce;
    }

    /**
     * Writes the segment, or has it written once the socket takes more.
     *
     * @return true when the exchange may go on at once; false: {@code callback} is called once it is written
     */
    private boolean pushNow(LiveLink link, Channel channel, byte[] data, int length, long due, AsyncCallback callback) {
        // Straight on when the socket takes more: from another thread netty queues the write to the event loop in the
        // order given, and there our encoder puts it behind any earlier segment of this connection that still waits
        // for room, so the exchange goes on at once. Without our encoder nothing would keep that order: then it also
        // waits while an earlier one does.
        if (channel.isWritable() && (link.live.writesWaitingForRoom() == 0 || link.live.holdsWrites())) {
            write(link, channel, data, length, due);
            return true;
        }
        link.live.whenWritable(() -> {
            write(link, channel, data, length, due);
            goOn(callback);
        });
        return false;
    }

    /**
     * A send after one that never reached this step (see {@link LiveLink#giveUpIfNotPushed}): not written, so that no
     * bytes go out after the hole; its exchange goes on at once.
     */
    private static boolean dropped(LiveLink link) {
        link.writeEnded();
        return true;
    }

    /**
     * The exchange goes on, off the event loop: there it would take that thread's time from the writes again (at
     * top speed the socket is often full, and then every segment comes this way).
     */
    private void goOn(AsyncCallback callback) {
        RouteThread route = session.routeThread();
        if (route == null) {
            callback.done(false); // a warm-up's push: the run's route thread is not there yet
            return;
        }
        route.goOnAfterPush(callback); // done at once if the run ended meanwhile
    }

    /** Writes {@code data}, of which {@code length} bytes go out (fewer when a fault cuts it short). */
    private void write(LiveLink link, Channel channel, byte[] data, int length, long due) {
        // The very byte[] the pacing step may have let go early: the channel's encoder holds it until due.
        channel.writeAndFlush(link.live.holdsWrites() ? data : Unpooled.wrappedBuffer(data))
                .addListener(written -> {
                    if (written.isSuccess()) {
                        session.sent(link, length, due);
                    } else {
                        link.replay.peerGone(
                                ReplaySession.isReset(ReplaySession.rootMessage(written.cause())),
                                ReplaySession.describe(written.cause()));
                        link.writeEnded();
                    }
                });
    }
}
