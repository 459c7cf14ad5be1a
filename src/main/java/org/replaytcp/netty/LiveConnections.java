package org.replaytcp.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every replay channel, client or server side (put it first in a camel-netty endpoint's
 * {@code decoders}). It gives each channel a {@link LiveConnection}, reads everything the peer sends (camel-netty
 * would otherwise drop it when {@code sync=false}) and hands it on, and queues accepted channels in accept order,
 * so the replay can map the Nth accepted connection to the Nth recorded one.
 *
 * <p>Inbound bytes stop here: handed on, released. Shareable: its state is per channel or thread-safe.
 */
@ChannelHandler.Sharable
public final class LiveConnections extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConnections.class);

    private final ConcurrentLinkedQueue<LiveConnection> accepted = new ConcurrentLinkedQueue<>();
    private volatile Runnable onAccept = () -> {};

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        // A peer's FIN must not close our side: the recording may still have bytes for it.
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        LiveConnection connection = LiveConnection.of(channel);
        if (channel.parent() != null) {
            accepted.add(connection); // a server-side channel: the listener accepted it
            onAccept.run();
        }
        super.channelActive(ctx);
    }

    /**
     * Where an event loop copies what it reads, lent to the peer's sink for the call only (the comparison copies
     * what must wait): a new array per read was every live byte allocated once more (50 MB in a replay of 10,000
     * connections). As large as the largest read (netty's receive buffer: 64 KB at most by default).
     */
    private static final io.netty.util.concurrent.FastThreadLocal<byte[]> SCRATCH =
            new io.netty.util.concurrent.FastThreadLocal<>() {
                @Override
                protected byte[] initialValue() {
                    return new byte[2048];
                }
            };

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buffer = (ByteBuf) msg;
        try {
            int length = buffer.readableBytes();
            byte[] bytes = SCRATCH.get();
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, 2 * bytes.length)];
                SCRATCH.set(bytes);
            }
            buffer.readBytes(bytes, 0, length);
            LiveConnection.of(ctx.channel()).peerData(bytes, length, System.nanoTime());
        } finally {
            buffer.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        LiveConnection live = LiveConnection.of(ctx.channel());
        live.peerClosed(false, null, System.nanoTime());
        // Writes waiting for room will never get it: they run now, fail, and their exchanges go on.
        live.writabilityChanged();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        // The peer half-closed (needs ALLOW_HALF_CLOSURE): it will send nothing more, but we may.
        if (event instanceof ChannelInputShutdownEvent) {
            LiveConnection.of(ctx.channel()).peerClosed(false, null, System.nanoTime());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        LiveConnection.of(ctx.channel()).writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset shows as an IOException on read ("Connection reset by peer"): the peer broke the connection.
        if (cause instanceof IOException) {
            LiveConnection.of(ctx.channel()).peerClosed(true, cause.getMessage(), System.nanoTime());
        } else {
            LOG.warn("connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    /** The next accepted connection not yet taken, in accept order, or null. */
    public LiveConnection pollAccepted() {
        return accepted.poll();
    }

    /** Runs {@code listener} (on the accepting channel's thread) after each accept. */
    public void onAccept(Runnable listener) {
        this.onAccept = listener;
    }

    /** For each connection accepted and not taken, in order. */
    public void forEachWaiting(Consumer<LiveConnection> action) {
        for (LiveConnection connection = accepted.poll(); connection != null; connection = accepted.poll()) {
            action.accept(connection);
        }
    }
}
