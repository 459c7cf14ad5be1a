package org.replaytcp.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.replaytcp.replay.SystemReplayClock;

/**
 * The encoder of every replay channel (put it in a camel-netty endpoint's {@code encoders}): writes {@code byte[]}
 * bodies as they are, without a copy, and each held segment exactly when it is due.
 *
 * <p>Why hold here: a write handed to netty from the pacing thread reaches the socket only when the channel's
 * event loop wakes up, tens to hundreds of microseconds later and never the same. So the pacing step hands a
 * segment over a little early ({@link LiveConnection#holdUntil}) and this handler, already on the event loop,
 * waits out the last stretch and writes at the due time. Segments nobody held go at once.
 *
 * <p>While it waits, other channels of the same event loop wait too: at most the hand-over lead (0.3-5 ms,
 * see {@link org.replaytcp.replay.HandoffLead}), and never at top speed, where nothing is held.
 */
@ChannelHandler.Sharable
public final class PacedBytesEncoder extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        LiveConnection connection = ctx.channel().attr(LiveConnection.KEY).get();
        long due = connection == null ? Long.MIN_VALUE : connection.takeDue(msg);
        if (due != Long.MIN_VALUE) {
            SystemReplayClock.INSTANCE.waitUntil(due); // parks, then spins the last 200 µs
        }
        ctx.write(msg instanceof byte[] bytes ? Unpooled.wrappedBuffer(bytes) : msg, promise);
        if (due != Long.MIN_VALUE) {
            connection.writerFree(System.nanoTime());
        }
    }
}
