package org.replaytcp.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * The encoder of every replay channel (put it in a camel-netty endpoint's {@code encoders}): writes {@code byte[]}
 * bodies as they are, without a copy, and each segment the replay holds exactly when it is due.
 *
 * <p>Why here: the steps between the pacing step and the socket (the route, the netty producer) take tens of
 * microseconds when warm and milliseconds when not. So the pacing step lets a segment go ahead of its due time
 * ({@link LiveConnection#holdUntil}), and this handler, the last before the socket, does not write it then: it
 * hands it to the replay's clock, which writes it on this channel's event loop at the due time. It never blocks
 * the event loop; writes keep their order; a segment nobody held goes at once (after those still held).
 */
@ChannelHandler.Sharable
public final class PacedBytesEncoder extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Object buffer = msg instanceof byte[] bytes ? Unpooled.wrappedBuffer(bytes) : msg;
        LiveConnection connection = ctx.channel().attr(LiveConnection.KEY).get();
        if (connection == null) {
            ctx.write(buffer, promise);
        } else {
            connection.write(ctx, msg, buffer, promise);
        }
    }
}
