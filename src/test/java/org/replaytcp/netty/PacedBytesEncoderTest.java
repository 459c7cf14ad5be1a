package org.replaytcp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
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
}
