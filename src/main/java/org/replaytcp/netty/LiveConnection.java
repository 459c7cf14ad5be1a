package org.replaytcp.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.replaytcp.replay.PeerSink;

/**
 * One live TCP connection as the replay sees it: the channel, when it came up, and where what its peer does is
 * reported ({@link #bind}). What the peer sends before the replay has taken the connection (the server role's
 * client may speak first) is kept and handed over on binding, in order.
 */
public final class LiveConnection {

    static final AttributeKey<LiveConnection> KEY = AttributeKey.valueOf("replaytcp.liveConnection");

    private final Channel channel;
    private final long upNanos;
    /** Until bound: what the peer did, in order (byte chunks with their arrival, or its end). */
    private final ArrayDeque<Object[]> early = new ArrayDeque<>();
    private PeerSink sink;
    private final List<Runnable> whenWritable = new ArrayList<>();

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

    /** From now on, what the peer does goes to {@code sink}, starting with what it did before. */
    public void bind(PeerSink sink) {
        List<Object[]> before;
        synchronized (this) {
            this.sink = sink;
            before = new ArrayList<>(early);
            early.clear();
        }
        for (Object[] entry : before) {
            deliver(sink, entry);
        }
    }

    /** The peer sent bytes (the channel's thread). */
    void peerData(byte[] data, long nanos) {
        PeerSink target;
        synchronized (this) {
            target = sink;
            if (target == null) {
                early.add(new Object[] {data, nanos});
                return;
            }
        }
        target.peerData(data, 0, data.length, nanos);
    }

    /** The peer half-closed or reset (the channel's thread). */
    void peerClosed(boolean reset, String cause, long nanos) {
        PeerSink target;
        synchronized (this) {
            target = sink;
            if (target == null) {
                early.add(new Object[] {reset, cause, nanos});
                return;
            }
        }
        target.peerClosed(reset, cause, nanos);
    }

    private static void deliver(PeerSink sink, Object[] entry) {
        if (entry[0] instanceof byte[] data) {
            sink.peerData(data, 0, data.length, (Long) entry[1]);
        } else {
            sink.peerClosed((Boolean) entry[0], (String) entry[1], (Long) entry[2]);
        }
    }

    /** Runs {@code action} on the channel's thread once it may be written to without piling up (at once if so). */
    public void whenWritable(Runnable action) {
        channel.eventLoop().execute(() -> {
            if (channel.isWritable() || !channel.isActive()) {
                action.run();
            } else {
                whenWritable.add(action);
            }
        });
    }

    /** The channel's writability changed (its thread). */
    void writabilityChanged() {
        while (!whenWritable.isEmpty() && (channel.isWritable() || !channel.isActive())) {
            whenWritable.remove(0).run();
        }
    }

    public Channel channel() {
        return channel;
    }

    /** When the connection came up (System.nanoTime). */
    public long upNanos() {
        return upNanos;
    }

    /** The live peer's address as {@code addr:port} ({@code [v6]:port}). */
    public String remote() {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress address
                ? (address.getAddress() instanceof java.net.Inet6Address
                        ? "[" + address.getAddress().getHostAddress().replaceFirst("%.*$", "") + "]"
                        : address.getAddress().getHostAddress()) + ":" + address.getPort()
                : String.valueOf(channel.remoteAddress());
    }

    /** Sends FIN: we have nothing more to send, the peer may go on. */
    public ChannelFuture halfClose() {
        if (channel instanceof SocketChannel socket && socket.isActive()) {
            return socket.shutdownOutput();
        }
        return channel.newSucceededFuture();
    }

    /** Sends RST, as the recorded side did: close with a zero linger time. */
    public ChannelFuture reset() {
        if (channel.isActive()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        return channel.close();
    }

    public ChannelFuture close() {
        return channel.close();
    }
}
