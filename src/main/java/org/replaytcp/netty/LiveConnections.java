package org.replaytcp.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every replay channel, client or server side (put it first in a camel-netty endpoint's
 * {@code decoders}). It gives each channel a {@link LiveConnection}, reads everything the peer sends (camel-netty
 * would otherwise drop it when {@code sync=false}), and queues accepted channels in order, so the replay can map
 * the Nth accepted connection to the Nth recorded one.
 *
 * <p>Inbound bytes stop here: counted, compared, released. Shareable: its state is per channel or thread-safe.
 */
@ChannelHandler.Sharable
public final class LiveConnections extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConnections.class);

    private final BlockingQueue<LiveConnection> accepted = new LinkedBlockingQueue<>();

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        // A peer's FIN must not close our side: the recording may still have bytes for it.
        channel.config().setOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true);
        LiveConnection connection = LiveConnection.of(channel);
        if (channel.parent() != null) {
            accepted.add(connection); // a server-side channel: the listener accepted it
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buffer = (ByteBuf) msg;
        try {
            LiveConnection connection = LiveConnection.of(ctx.channel());
            int length = buffer.readableBytes();
            byte[] bytes = new byte[length];
            buffer.readBytes(bytes);
            long now = System.nanoTime();
            connection.comparator().actual(bytes, 0, length);
            connection.peer().received(length, now);
            connection.arrivals().add(now);
        } finally {
            buffer.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        LiveConnection connection = LiveConnection.of(ctx.channel());
        if (connection != null) {
            connection.peer().closed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        // The peer half-closed (needs ALLOW_HALF_CLOSURE): it will send nothing more, but we may.
        if (event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            LiveConnection connection = LiveConnection.of(ctx.channel());
            if (connection != null) {
                connection.peer().closed();
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** The next accepted connection, in accept order; null if none came within the timeout. */
    public LiveConnection nextAccepted(long timeout, TimeUnit unit) throws InterruptedException {
        return accepted.poll(timeout, unit);
    }

    /** Connections accepted but not taken by the replay (more clients than recorded connections). */
    public int waitingAccepted() {
        return accepted.size();
    }
}
