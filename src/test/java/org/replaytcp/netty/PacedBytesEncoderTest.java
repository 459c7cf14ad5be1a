package org.replaytcp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The encoder through netty's EmbeddedChannel, no sockets. */
class PacedBytesEncoderTest {

    @Test
    void writesAByteArrayWithoutACopy() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacedBytesEncoder());
        byte[] segment = {1, 2, 3};
        channel.writeOutbound(segment);
        ByteBuf written = channel.readOutbound();
        assertSame(segment, written.array(), "the very array, wrapped");
        assertEquals(3, written.readableBytes());
        written.release();
    }

    @Test
    void passesOtherMessagesOn() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacedBytesEncoder());
        ByteBuf buffer = Unpooled.wrappedBuffer(new byte[] {9});
        channel.writeOutbound(buffer);
        assertSame(buffer, channel.readOutbound());
        buffer.release();
    }

    /** Tells, in order, what reached the socket's side of the pipeline: "write N" (N bytes) and "flush". */
    private static final class WireLog extends ChannelOutboundHandlerAdapter {
        final List<String> calls = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            calls.add("write " + ((ByteBuf) msg).readableBytes());
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            calls.add("flush");
            ctx.flush();
        }
    }

    /** A clock that keeps the write it is given, for the test to run. */
    private static final class KeptWrite implements LiveConnection.Pacer {
        Runnable write;

        @Override
        public void writeAt(long dueNanos, Executor loop, Runnable write) {
            this.write = write;
        }

        @Override
        public void observedRoute(long nanos) {}
    }

    /**
     * Two held segments that fall due together (the clock was late) still go out as two segments: one flush each,
     * so netty does not gather them into one write (CI once saw 244 + 152 recorded bytes leave as one 396-byte
     * segment).
     */
    @Test
    void segmentsThatFallDueTogetherAreFlushedOneByOne() throws InterruptedException {
        WireLog wire = new WireLog();
        EmbeddedChannel channel = new EmbeddedChannel(wire, new PacedBytesEncoder());
        LiveConnection connection = LiveConnection.of(channel);
        KeptWrite clock = new KeptWrite();
        byte[] first = new byte[244];
        byte[] second = new byte[152];
        long due = System.nanoTime() + 20_000_000L;
        connection.holdUntil(first, due, clock);
        connection.holdUntil(second, due + 1_000, clock);
        channel.writeAndFlush(first);
        channel.writeAndFlush(second);
        assertEquals(List.of("flush", "flush"), wire.calls, "both held until due (the callers' flushes pass on)");
        wire.calls.clear();
        while (System.nanoTime() - (due + 1_000) <= 0) {
            Thread.sleep(5);
        }
        clock.write.run();
        assertEquals(List.of("write 244", "flush", "write 152", "flush"), wire.calls);
        channel.finishAndReleaseAll();
    }

    /**
     * A segment handed over while an earlier one of its connection waits for room goes after it: the push step no
     * longer waits for the earlier one before handing the next over (so its exchange goes on at once), and this is
     * what keeps their order.
     */
    @Test
    void aWriteThatComesWhileAnotherWaitsForRoomGoesAfterIt() {
        WireLog wire = new WireLog();
        EmbeddedChannel channel = new EmbeddedChannel(wire, new PacedBytesEncoder(), new LiveConnections());
        channel.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
        LiveConnection connection = LiveConnection.of(channel);
        channel.write(new byte[32]); // not flushed yet: above the high water mark, the socket takes no more
        assertEquals(false, channel.isWritable());
        connection.whenWritable(() -> channel.writeAndFlush(new byte[5]));
        channel.runPendingTasks();
        assertEquals(1, connection.writesWaitingForRoom(), "waits for room");
        // Its flush lets the 32 bytes leave: room again, and the waiting one goes first.
        channel.writeAndFlush(new byte[7]);
        assertEquals(
                List.of("write 32", "write 5", "write 7"),
                wire.calls.stream().filter(c -> c.startsWith("write")).toList());
        assertEquals(0, connection.writesWaitingForRoom());
        channel.finishAndReleaseAll();
    }
}
