package org.replaytcp.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.replaytcp.replay.Fault;
import org.replaytcp.replay.FaultCut;
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
    /** Writes waiting for room, in write order (the channel's thread only). */
    private final ArrayDeque<Runnable> whenWritable = new ArrayDeque<>();
    /** A write waiting for room is being done: the writes it makes go straight on (the channel's thread only). */
    private boolean drainingWhenWritable;

    private final java.util.concurrent.atomic.AtomicInteger waitingForRoom =
            new java.util.concurrent.atomic.AtomicInteger();
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

    /** A segment let go early: the message (replaced when a later step rewrites the body), its due time and clock. */
    private static final class Held {
        private volatile Object message;
        private final long dueNanos;
        private final long releasedNanos;
        private final Pacer pacer;

        Held(Object message, long dueNanos, long releasedNanos, Pacer pacer) {
            this.message = message;
            this.dueNanos = dueNanos;
            this.releasedNanos = releasedNanos;
            this.pacer = pacer;
        }

        Object message() {
            return message;
        }

        long dueNanos() {
            return dueNanos;
        }

        long releasedNanos() {
            return releasedNanos;
        }

        Pacer pacer() {
            return pacer;
        }
    }

    private record Deferred(Object buffer, io.netty.channel.ChannelPromise promise, long dueNanos, boolean held) {}

    /** Told when each fault happened on the wire (this channel's thread). */
    public interface FaultListener {
        void injected(Fault fault, long nanos);
    }

    /** A segment with faults in it: {@code next} is the first point not yet done, {@code from} the first byte. */
    private record Faulted(FaultCut cut, FaultListener listener, int next, int from, ChannelPromise promise) {}

    /** Segments (by the identity of the message to be written) that go out with faults, and who is told. */
    private final java.util.concurrent.ConcurrentHashMap<Object, Faulted> faulted =
            new java.util.concurrent.ConcurrentHashMap<>();

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

    /** The peer sent the first {@code length} bytes of {@code data}, lent for this call (the channel's thread). */
    void peerData(byte[] data, int length, long nanos) {
        PeerSink target;
        synchronized (this) {
            target = sink;
            if (target == null) {
                early.add(new Object[] {java.util.Arrays.copyOf(data, length), nanos});
                return;
            }
        }
        target.peerData(data, 0, length, nanos);
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
     * A step after the pacing step replaced the held {@code message} by {@code replacement} (a rewritten body): the
     * replacement is the one held until due. Nothing happens when {@code message} is not held.
     */
    public void replaceHeld(Object message, Object replacement) {
        for (Held entry : held) {
            if (entry.message() == message) {
                entry.message = replacement;
                return;
            }
        }
    }

    /**
     * {@code message} (the very object that will be written) goes out as {@code cut} says instead: its bytes, and
     * at each fault point the fault, done on the channel's thread in order with the other writes; {@code listener}
     * is told when each happened. Only where the encoder is a {@link PacedBytesEncoder} ({@link #holdsWrites}).
     */
    public void inject(Object message, FaultCut cut, FaultListener listener) {
        faulted.put(message, new Faulted(cut, listener, 0, 0, null));
    }

    /**
     * What the encoder does with each message it is given (event loop): writes {@code buffer} now, or later, at its
     * due time or after the writes before it that wait.
     */
    void write(
            io.netty.channel.ChannelHandlerContext ctx,
            Object message,
            Object buffer,
            io.netty.channel.ChannelPromise promise) {
        if (!writeWhenDue(ctx, message, buffer, promise)) {
            ctx.write(buffer, promise);
        }
    }

    /**
     * False if {@code buffer} may be written now; true if it will be written later, at its due time or after the
     * writes before it that wait.
     */
    private boolean writeWhenDue(
            io.netty.channel.ChannelHandlerContext ctx,
            Object message,
            Object buffer,
            io.netty.channel.ChannelPromise promise) {
        if (!whenWritable.isEmpty() && !drainingWhenWritable && channel.isActive()) {
            // A write waiting for room came before this one: this one goes after it (the push step hands a write
            // over as soon as the socket takes more, without waiting for those before it: they are kept in order here).
            Object waiting = buffer;
            whenWritable.add(() -> {
                write(ctx, message, waiting, promise);
                ctx.flush();
            });
            return true;
        }
        Held entry = takeHeld(message);
        long now = System.nanoTime();
        if (entry != null) {
            entry.pacer().observedRoute(now - entry.releasedNanos());
        }
        boolean waitForDue = entry != null && entry.dueNanos() - now > 0;
        Faulted faults = faulted.isEmpty() ? null : faulted.remove(message);
        if (faults != null) {
            buffer = new Faulted(faults.cut(), faults.listener(), 0, 0, promise);
        }
        if (!waitForDue && deferred.isEmpty() && faults == null) {
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
        long wait = head.dueNanos() - System.nanoTime();
        if (wait <= 0) {
            writeDue(ctx);
        } else if (lastPacer == null) {
            // nothing was held on this channel (top speed): only a stall waits, on the event loop's own timer
            ctx.executor().schedule(() -> writeDue(ctx), wait, java.util.concurrent.TimeUnit.NANOSECONDS);
        } else {
            lastPacer.writeAt(head.dueNanos(), ctx.executor(), () -> writeDue(ctx));
        }
    }

    private void writeDue(io.netty.channel.ChannelHandlerContext ctx) {
        while (!deferred.isEmpty() && deferred.peek().dueNanos() - System.nanoTime() <= 0) {
            Deferred next = deferred.poll();
            if (next.held()) {
                lateness.accept(System.nanoTime() - next.dueNanos());
            }
            if (next.buffer() instanceof Faulted faults) {
                writeFaulted(ctx, faults);
                continue;
            }
            // One flush per segment: segments that fall due together (a late clock) would otherwise leave in one
            // gathering write, as one TCP segment, and the recorded segmentation would be lost.
            ctx.write(next.buffer(), next.promise());
            ctx.flush();
        }
        scheduleHead(ctx, null);
    }

    /**
     * Writes a segment with faults in it: the bytes up to each fault, then the fault once they are written. A stall
     * puts the rest back at the head of the deferred writes, due when the stall ends; a fault that ends sending drops
     * the rest. The write's own promise completes only when the whole segment is done (the replay closes a
     * connection once its writes are done: not before a stalled rest, not between our last bytes and a reset).
     */
    private void writeFaulted(io.netty.channel.ChannelHandlerContext ctx, Faulted faults) {
        byte[] data = faults.cut().data();
        List<FaultCut.Point> points = faults.cut().points();
        List<Fault> corrupted = new ArrayList<>();
        int from = faults.from();
        for (int i = faults.next(); i < points.size(); i++) {
            FaultCut.Point point = points.get(i);
            Fault fault = point.fault();
            if (fault.kind() == Fault.Kind.CORRUPT) {
                corrupted.add(fault); // already in the data: told once its byte is written
                continue;
            }
            ChannelPromise piece = ctx.newPromise();
            writePiece(ctx, data, from, point.at(), piece);
            ctx.flush();
            List<Fault> before = List.copyOf(corrupted);
            if (fault.kind() == Fault.Kind.STALL) {
                long now = System.nanoTime();
                tell(faults.listener(), before, now);
                faults.listener().injected(fault, now);
                Faulted rest = new Faulted(faults.cut(), faults.listener(), i + 1, point.at(), faults.promise());
                deferred.addFirst(new Deferred(rest, null, now + fault.stallNanos(), false));
                return;
            }
            // The bytes before it must be on their way first: a close or reset would drop what is still queued.
            piece.addListener(written -> {
                long now = System.nanoTime();
                tell(faults.listener(), before, now);
                faults.listener().injected(fault, now);
                ChannelFuture end = fault.kind() == Fault.Kind.HALF_CLOSE
                        ? halfClose()
                        : fault.kind() == Fault.Kind.RESET ? reset() : close();
                end.addListener(ended -> faults.promise().trySuccess());
            });
            return;
        }
        writePiece(ctx, data, from, data.length, faults.promise());
        ctx.flush();
        tell(faults.listener(), corrupted, System.nanoTime());
    }

    private static void tell(FaultListener listener, List<Fault> faults, long nanos) {
        for (Fault fault : faults) {
            listener.injected(fault, nanos);
        }
    }

    private static void writePiece(
            io.netty.channel.ChannelHandlerContext ctx, byte[] data, int from, int to, ChannelPromise promise) {
        ctx.write(
                from == to
                        ? io.netty.buffer.Unpooled.EMPTY_BUFFER
                        : io.netty.buffer.Unpooled.wrappedBuffer(data, from, to - from),
                promise);
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
        // Asked several times per segment; a pipeline search each time was 3% of the reading thread at top speed. The
        // encoders are in place before anything can ask (netty sets the pipeline up before the channel connects).
        int known = holds;
        if (known == UNKNOWN) {
            known = channel.pipeline().get(PacedBytesEncoder.class) != null ? 1 : 0;
            holds = known;
        }
        return known == 1;
    }

    private static final int UNKNOWN = -1;
    /** {@link #holdsWrites}, once known: 1 or 0 (a race computes the same value twice). */
    private volatile int holds = UNKNOWN;

    /** Runs {@code action} on the channel's thread once it may be written to without piling up (at once if so). */
    public void whenWritable(Runnable action) {
        waitingForRoom.incrementAndGet();
        Runnable counted = () -> {
            waitingForRoom.decrementAndGet();
            action.run();
        };
        channel.eventLoop().execute(() -> {
            if ((channel.isWritable() && whenWritable.isEmpty()) || !channel.isActive()) {
                counted.run();
            } else {
                whenWritable.add(counted);
                if (channel.isWritable()) {
                    writabilityChanged(); // room came back, but netty tells it later: the earlier ones go first
                }
            }
        });
    }

    /** Actions given to {@link #whenWritable} that have not run yet: a write now would overtake theirs. */
    public int writesWaitingForRoom() {
        return waitingForRoom.get();
    }

    /** The channel's writability changed (its thread). */
    void writabilityChanged() {
        while (!whenWritable.isEmpty() && (channel.isWritable() || !channel.isActive())) {
            Runnable next = whenWritable.poll();
            drainingWhenWritable = true;
            try {
                next.run();
            } finally {
                drainingWhenWritable = false;
            }
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
