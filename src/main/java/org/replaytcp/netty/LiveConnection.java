package org.replaytcp.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.replaytcp.replay.HandoffLead;
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
    /** Segments handed over before their due time, in write order; {@link PacedBytesEncoder} waits out the rest. */
    private final Queue<HeldWrite> held = new ConcurrentLinkedQueue<>();

    private final HandoffLead handoffLead = new HandoffLead();
    /** When the encoder finished its last write (its own thread only): a hand-over queued behind it waited that long. */
    private long writerFreeNanos;

    private record HeldWrite(Object message, long dueNanos, long handedNanos) {
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
     * Whether this channel's writes pass a {@link PacedBytesEncoder}, which can wait for a segment's due time
     * itself: only then may the pacing hand a segment over early.
     */
    public boolean holdsWrites() {
        return channel.pipeline().get(PacedBytesEncoder.class) != null;
    }

    /**
     * Asks the channel's encoder not to write {@code message} (the very object that will be written) before
     * {@code dueNanos} (System.nanoTime). Call before writing it.
     */
    public void holdUntil(Object message, long dueNanos) {
        held.add(new HeldWrite(message, dueNanos, System.nanoTime()));
    }

    /** Segments held and not yet written. */
    int heldCount() {
        return held.size();
    }

    /** The encoder has finished a write (called on the channel's thread). */
    void writerFree(long nanos) {
        writerFreeNanos = nanos;
    }

    /** How early to hand this channel its next segment: see {@link HandoffLead}. */
    public long handoffNanos() {
        return handoffLead.nanos();
    }

    /**
     * The due time of a message about to be written, or {@code Long.MIN_VALUE} if nobody held it. Held entries
     * before it (writes that never came, say after a failure) are dropped. A message that was not held (a route
     * step replaced the body) goes at once and drops the oldest entry if that one is past due, so the queue
     * cannot grow without bound.
     */
    long takeDue(Object message) {
        for (HeldWrite entry : held) {
            if (entry.message() == message) {
                while (held.poll() != entry) {
                    // drop the stale ones before it
                }
                // The hop itself, not the time it sat behind the write before it (which was holding on purpose).
                handoffLead.observe(System.nanoTime() - Math.max(entry.handedNanos(), writerFreeNanos));
                return entry.dueNanos();
            }
        }
        HeldWrite oldest = held.peek();
        if (oldest != null && oldest.dueNanos() - System.nanoTime() < 0) {
            held.remove(oldest);
        }
        return Long.MIN_VALUE;
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
