package org.replaytcp.replay;

/**
 * Decides when each recorded event of one connection may happen live, and waits for it.
 *
 * <p>Due times are absolute: {@code origin + shift + (virtual - virtualOrigin) / speed}, computed from the
 * connection's start, never from the previous send, so errors do not add up. The shift grows only when the
 * live peer held the replay back (await-peer): the recorded rhythm then resumes from where the peer let it.
 */
public final class ConnectionPacer {

    private final ReplayOptions options;
    private final ReplayClock clock;
    private final long liveOrigin;
    private final long virtualOrigin;
    private long shift;
    private long awaitTimeouts;

    /**
     * @param liveOrigin    when the connection came up (clock nanos)
     * @param virtualOrigin the recorded virtual time that corresponds to it
     */
    public ConnectionPacer(ReplayOptions options, ReplayClock clock, long liveOrigin, long virtualOrigin) {
        this.options = options;
        this.clock = clock;
        this.liveOrigin = liveOrigin;
        this.virtualOrigin = virtualOrigin;
    }

    /** The live time at which an event at recorded virtual time {@code virtual} is due, ignoring the peer. */
    public long scheduled(long virtual) {
        return options.topSpeed() ? Long.MIN_VALUE : liveOrigin + shift + toLive(virtual - virtualOrigin);
    }

    /**
     * Waits until the event at {@code virtual} may happen: the live peer has sent what the recorded peer had
     * sent before it ({@code peerBytesBefore}, when await-peer is on), the recorded think time after the peer's
     * last byte has passed, and the schedule says so.
     *
     * @param peerLastVirtual recorded virtual time of the peer's last byte before this event
     * @return the due time (clock nanos; {@code Long.MIN_VALUE} at top speed when nothing held it)
     */
    public long awaitTurn(long virtual, long peerBytesBefore, long peerLastVirtual, PeerProgress peer)
            throws InterruptedException {
        return awaitTurn(virtual, peerBytesBefore, peerLastVirtual, peer, 0);
    }

    /**
     * As {@link #awaitTurn(long, long, long, PeerProgress)}, but returns {@code handoffNanos} before the due time:
     * for a writer that waits out the rest itself, right before its write (the hop to it then costs no precision).
     */
    public long awaitTurn(long virtual, long peerBytesBefore, long peerLastVirtual, PeerProgress peer,
                          long handoffNanos) throws InterruptedException {
        long due = scheduled(virtual);
        if (options.awaitPeer() && peerBytesBefore > 0) {
            boolean arrived = peer.bytes() >= peerBytesBefore
                    || peer.awaitBytes(peerBytesBefore, options.awaitTimeout().toNanos());
            long allowed;
            if (arrived) {
                // The recorded think time, counted from when the live peer got there.
                long thinkTime = options.topSpeed() ? 0 : toLive(Math.max(0, virtual - peerLastVirtual));
                allowed = peer.timeReached(peerBytesBefore) + thinkTime;
            } else {
                awaitTimeouts++;
                allowed = clock.nanoTime();
            }
            if (options.topSpeed()) {
                due = allowed;
            } else if (allowed > due) {
                shift += allowed - due;
                due = allowed;
            }
        }
        if (!options.topSpeed() && handoffNanos > 0) {
            clock.waitRoughlyUntil(due - handoffNanos); // the writer waits out the rest precisely
        } else if (!options.topSpeed()) {
            clock.waitUntil(due);
        }
        return due;
    }

    private long toLive(long virtualNanos) {
        return options.speed() == 1.0 ? virtualNanos : (long) (virtualNanos / options.speed());
    }

    /** How often the peer did not send in time and the replay carried on without it. */
    public long awaitTimeouts() {
        return awaitTimeouts;
    }
}
