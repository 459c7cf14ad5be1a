package org.replaytcp.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replaytcp.replay.PeerSink;

/**
 * What peers send, through netty's EmbeddedChannel, no sockets: every byte reaches the sink in order, whether the
 * sink came before or after the bytes, and whatever the size of a read (the handler lends its sink one reused array).
 */
class LiveConnectionsTest {

    /** Keeps a copy of each read, as a sink must. */
    private static final class Recording implements PeerSink {
        final List<byte[]> reads = new ArrayList<>();

        @Override
        public void peerData(byte[] data, int from, int length, long nanos) {
            byte[] copy = new byte[length];
            System.arraycopy(data, from, copy, 0, length);
            reads.add(copy);
        }

        @Override
        public void peerClosed(boolean reset, String cause, long nanos) {}

        byte[] all() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reads.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    @Test
    void readsBeforeTheSinkIsBoundAreKeptEachAsItWas() {
        EmbeddedChannel channel = new EmbeddedChannel(new LiveConnections());
        // Two reads before anyone listens: the second must not overwrite what the first left waiting.
        channel.writeInbound(Unpooled.copiedBuffer("first", StandardCharsets.US_ASCII));
        channel.writeInbound(Unpooled.copiedBuffer("2nd", StandardCharsets.US_ASCII));
        Recording sink = new Recording();
        LiveConnection.of(channel).bind(sink);
        channel.writeInbound(Unpooled.copiedBuffer("third", StandardCharsets.US_ASCII));
        assertEquals(
                List.of("first", "2nd", "third"),
                sink.reads.stream()
                        .map(bytes -> new String(bytes, StandardCharsets.US_ASCII))
                        .toList());
        channel.finishAndReleaseAll();
    }

    @Test
    void readsOfAnySizeArriveWhole() {
        EmbeddedChannel channel = new EmbeddedChannel(new LiveConnections());
        Recording sink = new Recording();
        LiveConnection.of(channel).bind(sink);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int size : new int[] {1, 3000, 10, 70_000, 5}) { // larger than any array lent so far, then smaller
            byte[] read = new byte[size];
            for (int i = 0; i < size; i++) {
                read[i] = (byte) (size + i * 7);
            }
            sent.writeBytes(read);
            channel.writeInbound(Unpooled.wrappedBuffer(read));
        }
        assertEquals(5, sink.reads.size());
        assertEquals(3000, sink.reads.get(1).length);
        assertArrayEquals(sent.toByteArray(), sink.all());
        channel.finishAndReleaseAll();
    }
}
