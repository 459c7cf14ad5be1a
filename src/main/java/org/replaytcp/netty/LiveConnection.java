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
    /** Segments let go ahead of their due time, not yet written (identity of the message, due, clock). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Held> held =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Writes waiting for their due time on this channel's event loop, in write order (that thread only). */
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();

    /** Who holds a segment: its due time, and the clock that writes it then. */
    public interface Pacer {
        /** Runs {@code write} on {@code loop} at {@code dueNanos}. */
        void writeAt(long dueNanos, java.util.concurrent.Executor loop, Runnable write);

        /** The segment reached the encoder {@code nanos} after it was let go. */
        void observedRoute(long nanos);
    }

    private record Held(Object message, long dueNanos, long releasedNanos, Pacer pacer) {}

    private record Deferred(Object buffer, io.netty.channel.ChannelPromise promise, long dueNanos, boolean held) {}

    /** Told how late each held segment went to the socket (nanoseconds after its due time; its thread). */
    private volatile java.util.function.LongConsumer lateness = late -> {};

    /** Where to tell how late each held segment was written: measured at the write itself, not at its completion. */
    public void onLateness(java.util.function.LongConsumer sink) {
        this.lateness = sink;
    }

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

    /**
     * The replay is done with this connection: forget the replay's state, so a channel that something else still
     * holds (camel-netty's producer pool keeps every channel it made) does not keep it alive.
     */
    public void unbind() {
        synchronized (this) {
            sink = new PeerSink() {
                @Override
                public void peerData(byte[] data, int from, int length, long nanos) {}

                @Override
                public void peerClosed(boolean reset, String cause, long nanos) {}
            };
            early.clear();
        }
        held.clear();
        lateness = late -> {};
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

    /**
     * The replay lets {@code message} (the very object that will be written) go ahead of its due time
     * ({@code dueNanos}, System.nanoTime): the channel's encoder writes it then, through {@code pacer}.
     */
    public void holdUntil(Object message, long dueNanos, Pacer pacer) {
        held.add(new Held(message, dueNanos, System.nanoTime(), pacer));
    }

    /**
     * Called by the encoder for each message it is given (event loop): false if it may be written now; true if
     * it will be written later, at its due time or after the held writes before it.
     */
    boolean writeWhenDue(
            io.netty.channel.ChannelHandlerContext ctx,
            Object message,
            Object buffer,
            io.netty.channel.ChannelPromise promise) {
        Held entry = takeHeld(message);
        long now = System.nanoTime();
        if (entry != null) {
            entry.pacer().observedRoute(now - entry.releasedNanos());
        }
        boolean waitForDue = entry != null && entry.dueNanos() - now > 0;
        if (!waitForDue && deferred.isEmpty()) {
            if (entry != null) {
                lateness.accept(now - entry.dueNanos());
            }
            return false;
        }
        deferred.add(new Deferred(buffer, promise, waitForDue ? entry.dueNanos() : now, entry != null));
        if (deferred.size() == 1) {
            scheduleHead(ctx, entry == null ? null : entry.pacer());
        }
        return true;
    }

    private Pacer lastPacer;

    /** Writes what is due at the head of the deferred writes, and hands the next to the clock. */
    private void scheduleHead(io.netty.channel.ChannelHandlerContext ctx, Pacer pacer) {
        if (pacer != null) {
            lastPacer = pacer;
        }
        Deferred head = deferred.peek();
        if (head == null) {
            return;
        }
        if (head.dueNanos() - System.nanoTime() <= 0 || lastPacer == null) {
            writeDue(ctx);
            return;
        }
        lastPacer.writeAt(head.dueNanos(), ctx.executor(), () -> writeDue(ctx));
    }

    private void writeDue(io.netty.channel.ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!deferred.isEmpty() && deferred.peek().dueNanos() - System.nanoTime() <= 0) {
            Deferred next = deferred.poll();
            if (next.held()) {
                lateness.accept(System.nanoTime() - next.dueNanos());
            }
            ctx.write(next.buffer(), next.promise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        scheduleHead(ctx, null);
    }

    /** The held entry for {@code message}, if any; stale entries before it (writes that never came) are dropped. */
    private Held takeHeld(Object message) {
        for (Held entry : held) {
            if (entry.message() == message) {
                while (held.poll() != entry) {
                    // drop the stale ones before it
                }
                return entry;
            }
        }
        return null;
    }

    /** Whether this channel's writes pass a {@link PacedBytesEncoder}, which can hold a segment until due. */
    public boolean holdsWrites() {
        return channel.pipeline().get(PacedBytesEncoder.class) != null;
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
                                : address.getAddress().getHostAddress())
                        + ":" + address.getPort()
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
