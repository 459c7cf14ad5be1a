package org.replaytcp.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * The encoder of every replay channel (put it in a camel-netty endpoint's {@code encoders}): writes {@code byte[]}
 * bodies as they are, without a copy. It never waits: the replay hands each segment to the channel's own event
 * loop at its due time (see {@link org.replaytcp.replay.PreciseScheduler}), so the write happens then.
 */
@ChannelHandler.Sharable
public final class PacedBytesEncoder extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof byte[] bytes ? Unpooled.wrappedBuffer(bytes) : msg, promise);
    }
}
