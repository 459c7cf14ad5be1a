package org.replaytcp.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import org.replaytcp.replay.PeerProgress;
import org.replaytcp.replay.StreamComparator;
import org.replaytcp.replay.Timeline;

/**
 * One live TCP connection as the replay sees it: the channel, what the peer has sent (counted and compared
 * with the recording), and when it came up.
 */
public final class LiveConnection {

    static final AttributeKey<LiveConnection> KEY = AttributeKey.valueOf("replaytcp.liveConnection");

    private final Channel channel;
    private final long upNanos;
    private final PeerProgress peer = new PeerProgress();
    private final StreamComparator comparator = new StreamComparator();
    private final Timeline.Series arrivals = new Timeline.Series();

    LiveConnection(Channel channel, long upNanos) {
        this.channel = channel;
        this.upNanos = upNanos;
    }

    /**
     * The connection a channel carries, made on first ask. The producer may see its new channel before the
     * pipeline's channelActive has run, so whichever comes first creates it.
     */
    public static LiveConnection of(Channel channel) {
        LiveConnection existing = channel.attr(KEY).get();
        if (existing != null) {
            return existing;
        }
        LiveConnection created = new LiveConnection(channel, System.nanoTime());
        LiveConnection raced = channel.attr(KEY).setIfAbsent(created);
        return raced != null ? raced : created;
    }

    public Channel channel() {
        return channel;
    }

    /** When the connection came up (System.nanoTime). */
    public long upNanos() {
        return upNanos;
    }

    public PeerProgress peer() {
        return peer;
    }

    public StreamComparator comparator() {
        return comparator;
    }

    /** When the peer's bytes arrived (System.nanoTime), sampled for the report's plot. */
    public Timeline.Series arrivals() {
        return arrivals;
    }

    /** The live peer's address as {@code addr:port}. */
    public String remote() {
        return String.valueOf(channel.remoteAddress()).replaceFirst("^/", "");
    }

    /** Sends FIN: we have nothing more to send, the peer may go on. */
    public void halfClose() {
        if (channel instanceof SocketChannel socket && socket.isActive()) {
            socket.shutdownOutput().syncUninterruptibly();
        }
    }

    /** Sends RST, as the recorded side did: close with a zero linger time. */
    public void reset() {
        if (channel.isActive()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close().syncUninterruptibly();
        }
    }

    public void close() {
        channel.close().syncUninterruptibly();
    }
}
