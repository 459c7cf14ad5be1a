package org.replaytcp.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The encoder that writes held segments at their due time, on a channel without a network. */
class PacedBytesEncoderTest {

    private static byte[] written(EmbeddedChannel channel) {
        ByteBuf buffer = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    @Test
    void aHeldSegmentIsNotWrittenBeforeItIsDue() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacedBytesEncoder());
        LiveConnection live = LiveConnection.of(channel);
        assertTrue(live.holdsWrites());
        byte[] segment = {1, 2, 3};
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
        live.holdUntil(segment, due);
        channel.writeAndFlush(segment);
        long wrote = System.nanoTime();
        assertTrue(wrote - due >= 0, "written " + (due - wrote) / 1000 + " us early");
        assertArrayEquals(segment, written(channel));
    }

    @Test
    void segmentsNobodyHeldGoAtOnceAndAsTheyAre() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacedBytesEncoder());
        LiveConnection live = LiveConnection.of(channel);
        long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        live.holdUntil(new byte[] {9}, later);             // a different array than the one written
        long start = System.nanoTime();
        channel.writeAndFlush(new byte[] {4, 5});
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "an unheld segment waited");
        assertArrayEquals(new byte[] {4, 5}, written(channel));
        assertEquals(Long.MIN_VALUE, live.takeDue(new byte[] {4}));
    }

    @Test
    void heldEntriesWhoseWriteNeverCameAreDroppedAndTheQueueStaysBounded() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacedBytesEncoder());
        LiveConnection live = LiveConnection.of(channel);
        long past = System.nanoTime() - 1;
        byte[] lost = {1};
        byte[] sent = {2};
        live.holdUntil(lost, past);
        live.holdUntil(sent, past + 1);
        assertEquals(past + 1, live.takeDue(sent));        // the one before it never came: dropped with it
        assertEquals(Long.MIN_VALUE, live.takeDue(lost));

        // A route step that replaces every body: each unmatched write drops one past-due entry.
        for (int i = 0; i < 1000; i++) {
            live.holdUntil(new byte[] {3}, past);
            channel.writeAndFlush(new byte[] {3});
            written(channel);
        }
        assertEquals(Long.MIN_VALUE, live.takeDue(new byte[0]));
        assertNull(channel.readOutbound());
        assertEquals(0, live.heldCount());
    }

    @Test
    void otherMessagesPassUnchanged() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacedBytesEncoder());
        ByteBuf buffer = io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {7});
        channel.writeAndFlush(buffer);
        assertArrayEquals(new byte[] {7}, written(channel));
    }
}
