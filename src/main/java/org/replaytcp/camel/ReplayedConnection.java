package org.replaytcp.camel;

import io.netty.channel.ChannelFuture;
import org.apache.camel.Exchange;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.replay.ConnectionPacer;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.LatenessHistogram;
import org.replaytcp.replay.MaskedExpectation;
import org.replaytcp.replay.Timeline;
import org.replaytcp.replay.Verdict;

/**
 * What a {@link ReplaySession} knows of one recorded connection while it is replayed: the live connection it
 * plays on, its pacing, what the recording says each side sent, and what went wrong. Fields are the session's to
 * set (it is the only writer, but for the bytes counted on the channel's thread).
 */
final class ReplayedConnection {

    final int index;
    final String client;
    final String server;
    final long openVirtual;
    LiveConnection live;
    ConnectionPacer pacer;
    MaskedExpectation expectation;
    long originNanos;
    long lastDue = Long.MIN_VALUE;
    /** Whether segments are handed to the channel early, its encoder waiting out the rest (see PacedBytesEncoder). */
    boolean handsOver;
    final LatenessHistogram lateness = new LatenessHistogram();
    final Timeline timeline = new Timeline();
    /** Holds the netty producer's "give the channel back" completion, which must never run (see afterSend). */
    Exchange keeper;
    long recordedPeerBytes;
    long peerLastVirtual;
    long expectedSent;
    long sent;
    long skippedGapBytes;
    String problem;
    String connectError;
    ChannelFuture lastWrite;
    long firstConnectFailureNanos = Long.MIN_VALUE;
    int connectAttempts;
    boolean peerClosed;
    String peerCloseCause;
    boolean ended;

    ReplayedConnection(int index, String client, String server, long openVirtual) {
        this.index = index;
        this.client = client;
        this.server = server;
        this.openVirtual = openVirtual;
    }

    /**
     * Whether the live peer has closed or reset the connection: then nothing more can be sent on it, the summary
     * says how far it got, and the other connections go on.
     */
    boolean peerGone() {
        if (live.channel().isActive()) {
            return false;
        }
        peerClosed = true;
        return true;
    }

    /**
     * Waits until every write handed to the channel has reached the socket: shutting the output down or closing
     * would otherwise throw away what still waits in netty's outbound buffer. A peer that stops reading for longer
     * than the await timeout is given up on, and the summary says so.
     */
    void drainWrites(double awaitTimeoutSeconds) {
        ChannelFuture last = lastWrite;
        if (last != null && !last.awaitUninterruptibly((long) (awaitTimeoutSeconds * 1000)) && problem == null) {
            problem = "the peer stopped reading for more than " + awaitTimeoutSeconds + " s; what it had not "
                    + "read was not delivered";
        }
        if (last != null && last.isDone()) {
            // The write's listeners (which note when it went out) run on the channel's thread right after it:
            // a task queued behind them has run once they have.
            try {
                last.channel().eventLoop().submit(() -> { }).awaitUninterruptibly(1_000);
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                // nothing runs there any more
            }
        }
    }

    /** The outcome, once the connection has ended. Call once: it adds the live peer's arrivals to the timeline. */
    ConnectionResult result(String role, boolean verify) {
        String why = problem;
        if (why == null && peerClosed) {
            why = "the peer closed the connection: " + sent + " of " + expectedSent + " bytes delivered"
                    + (peerCloseCause == null ? "" : " (" + peerCloseCause + ")");
        }
        if (why == null && skippedGapBytes > 0) {
            why = skippedGapBytes + " bytes of ours are missing from the capture and were not sent";
        }
        boolean verified = verify && live != null;
        if (live != null) {
            for (long arrival : live.arrivals().toArray()) {
                timeline.livePeer.add(arrival - originNanos);
            }
        }
        return new ConnectionResult(role, index, client, server, live == null ? null : live.remote(), sent,
                expectedSent, live == null ? 0 : live.comparator().actualBytes(), recordedPeerBytes,
                verified ? live.comparator().verdict() : Verdict.NOT_VERIFIED,
                verified ? live.comparator().firstDifference() : -1, pacer == null ? 0 : pacer.awaitTimeouts(), why,
                verified ? live.comparator().difference() : null, lateness, timeline);
    }

    /** The outcome so far of a connection still running when the replay was interrupted. */
    ConnectionResult interrupted(String role) {
        return new ConnectionResult(role, index, client, server, live == null ? null : live.remote(), sent,
                expectedSent, live == null ? 0 : live.comparator().actualBytes(), recordedPeerBytes,
                Verdict.NOT_VERIFIED, -1, 0, "interrupted", null, lateness, timeline);
    }
}
