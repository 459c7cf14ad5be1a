package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.TcpEvent;

/**
 * The replay of one recorded connection, without I/O: the recorded events come in ({@link #turnFor}), the live
 * connection's news comes in ({@link #connected}, {@link #peerData}, {@link #peerClosed}, {@link #sent}), and it
 * says when each turn may happen ({@link #readiness}). It keeps the connection's counters, its expectation of the
 * peer (verification with masks), its schedule and its outcome ({@link #result}).
 *
 * <p>Due times are absolute: {@code liveOrigin + shift + (virtual - openVirtual) / speed}, from the connection's
 * start, never from the previous send, so errors do not add up. The shift grows only when the live peer held the
 * replay back (await-peer): the recorded rhythm then resumes from where the peer let it. After the peer's first
 * await timeout, the connection stops waiting for it: a silent peer costs one timeout, not one per segment.
 *
 * <p>Expected bytes count the recorded bytes each way, captured or not: a gap in the capture is part of what the
 * recorded side sent (the summary says when ours could not be sent for it).
 *
 * <p>Thread-safe: recorded turns come from one thread at a time, live news from the network's.
 */
public final class ConnectionReplay implements PeerSink {

    private final int index;
    /** The round of a loop this connection is played in (1 when the capture is played once). */
    private int round = 1;

    private final String client;
    private final String server;
    private final String role;
    private final Direction ours;
    private final long openVirtual;
    private final ReplayOptions options;
    private final boolean verify;
    private final RunOrigin runOrigin;

    private final StreamComparator comparator = new StreamComparator();
    private final MaskedExpectation expectation;
    private final PeerProgress peer = new PeerProgress();
    private final LatenessHistogram lateness = new LatenessHistogram();
    private final Timeline timeline = new Timeline();
    private final Timeline.Series peerArrivals = new Timeline.Series();

    private long liveOrigin;
    private String live;
    private boolean up;
    private boolean gaveUp;
    private boolean peerGone;
    private boolean peerReset;
    private String peerCloseCause;
    private String problem;
    private boolean finished;
    private boolean claimedFirst;
    private boolean waitingForOrigin;
    private boolean arrivalsInTimeline;

    private long shift;
    private long awaitTimeouts;
    private boolean peerSilent;
    /** When the current turn started waiting for the peer, or -1. */
    private long awaitingSince = -1;
    /** After a timeout: when the schedule resumes (the next turn is due no earlier), or 0. */
    private long resumeAt;

    private long expectedSent;
    private long sent;
    private long skippedGapBytes;
    private long recordedPeerBytes;
    private long peerLastVirtual;
    private Runnable onChange = () -> {};

    private ConnectionFaults faults;
    /** The fault that ended our sending, or null. */
    private Fault endedBy;
    /** One of our segments could not go out (see {@link #stopSending}): nothing more is sent. */
    private boolean sendingStopped;

    private final List<Injection> injections = new ArrayList<>();
    /** We close the connection ourselves from now on: what the channel says next is not the peer's doing. */
    private boolean closingOurselves;

    private long peerEndNanos = -1;
    private boolean peerEndReset;

    /** A fault as it happened: when, and how much the peer had sent by then. */
    private record Injection(Fault fault, long nanos, long peerBytes) {}

    /**
     * @param playClient  whether we play the recorded client (else the server)
     * @param openVirtual the recorded time of the connection's first packet
     * @param runOrigin   shared by the connections of a run: the client role opens each at its recorded offset
     */
    public ConnectionReplay(
            int index,
            String client,
            String server,
            boolean playClient,
            long openVirtual,
            ReplayOptions options,
            IgnoreRules rules,
            boolean verify,
            RunOrigin runOrigin) {
        this.index = index;
        this.client = client;
        this.server = server;
        this.role = playClient ? "client" : "server";
        this.ours = playClient ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        this.openVirtual = openVirtual;
        this.options = options;
        this.verify = verify;
        this.runOrigin = runOrigin;
        this.expectation = new MaskedExpectation(rules, comparator);
    }

    /** Called whenever live news may have made a waiting turn ready (on the thread that brought the news). */
    public synchronized void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Plays this connection in round {@code round} of a loop ({@code --loop}); before it starts. */
    public void inRound(int round) {
        this.round = round;
    }

    /** The round of a loop it is played in, from 1. */
    public int round() {
        return round;
    }

    public int index() {
        return index;
    }

    /** The recorded time of the connection's first packet. */
    public long openVirtual() {
        return openVirtual;
    }

    /**
     * The turn a recorded event asks for, noting what it says of the recording. Call in the connection's capture
     * order, each event once, when the turns before it are done.
     */
    public synchronized Turn turnFor(TcpEvent event, long virtual) {
        if (event instanceof TcpEvent.ConnectionOpened) {
            return new Turn(Turn.Kind.OPEN, null, virtual);
        }
        if (event instanceof TcpEvent.DataSegment data) {
            if (data.direction() == ours) {
                long offset = expectedSent;
                expectedSent += data.data().length;
                timeline.recordedSent.add(virtual - openVirtual);
                return new Turn(Turn.Kind.SEND, data.data(), virtual, offset);
            }
            recordedPeerBytes += data.data().length;
            peerLastVirtual = virtual;
            timeline.recordedPeer.add(virtual - openVirtual);
            expectation.expect(data.data());
            return Turn.none(virtual);
        }
        if (event instanceof TcpEvent.StreamGap gap) {
            if (gap.direction() == ours) {
                expectedSent += gap.length();
                skippedGapBytes += gap.length();
            } else {
                recordedPeerBytes += gap.length();
                expectation.expectUnknown(gap.length());
            }
            return Turn.none(virtual);
        }
        if (event instanceof TcpEvent.HalfClose halfClose) {
            return halfClose.direction() == ours ? new Turn(Turn.Kind.HALF_CLOSE, null, virtual) : Turn.none(virtual);
        }
        if (event instanceof TcpEvent.ConnectionReset reset) {
            return reset.direction() == ours ? new Turn(Turn.Kind.RESET, null, virtual) : Turn.none(virtual);
        }
        expectation.finish();
        return new Turn(Turn.Kind.FINISH, null, virtual);
    }

    /**
     * When {@code turn} may happen, as things stand at {@code now}. Ask again after {@link #onChange} fires or a
     * deadline it gave passes ({@link #peerTimedOut}).
     */
    public synchronized Readiness readiness(Turn turn, long now) {
        switch (turn.kind()) {
            case NONE -> {
                return new Readiness.At(Readiness.NOW);
            }
            case OPEN -> {
                if (up) {
                    return new Readiness.At(Readiness.NOW); // the server role's client came, or a retry got through
                }
                if (ours == Direction.SERVER_TO_CLIENT) {
                    return gaveUp ? new Readiness.Skip() : new Readiness.AwaitLive(); // the client connects, not we
                }
                if (!runOrigin.isSet()) {
                    if (!claimedFirst) {
                        claimedFirst = runOrigin.claimFirst();
                    }
                    if (!claimedFirst) {
                        if (!waitingForOrigin) {
                            waitingForOrigin = true;
                            runOrigin.whenSet(this::changed); // opens keep the recorded order
                        }
                        return new Readiness.AwaitLive();
                    }
                    return new Readiness.At(Readiness.NOW);
                }
                return options.topSpeed()
                        ? new Readiness.At(Readiness.NOW)
                        : new Readiness.At(runOrigin.due(turn.virtual(), options.speed()));
            }
            default -> {
                // SEND, HALF_CLOSE, RESET, FINISH: on the live connection
            }
        }
        if (!up) {
            return gaveUp ? new Readiness.Skip() : new Readiness.AwaitLive();
        }
        if ((peerGone || endedBy != null || sendingStopped) && turn.kind() != Turn.Kind.FINISH) {
            return new Readiness.Skip();
        }
        if (sendingStopped || endedBy != null && endedBy.kind() != Fault.Kind.HALF_CLOSE) {
            return new Readiness.At(Readiness.NOW); // we closed or reset it: nothing more to wait for
        }
        // All the peer bytes recorded so far: turns are decided in capture order, so these came before this one.
        long needed = recordedPeerBytes;
        boolean waitForPeer = (options.awaitPeer() || turn.kind() == Turn.Kind.FINISH) && !peerSilent && needed > 0;
        if (waitForPeer && peer.bytes() < needed) {
            if (peerGone || peer.isClosed()) {
                return timedOut(now); // it will send nothing more
            }
            if (awaitingSince < 0) {
                awaitingSince = now;
            }
            return new Readiness.AwaitPeer(
                    needed, awaitingSince + options.awaitTimeout().toNanos());
        }
        awaitingSince = -1;
        if (turn.kind() == Turn.Kind.FINISH) {
            return new Readiness.At(Readiness.NOW);
        }
        long due = options.topSpeed() ? Readiness.NOW : liveOrigin + shift + toLive(turn.virtual() - openVirtual);
        if (resumeAt != 0 && !options.topSpeed()) {
            if (resumeAt > due) {
                shift += resumeAt - due;
                due = resumeAt;
            }
            resumeAt = 0;
        }
        if (waitForPeer) {
            long think = options.topSpeed() ? 0 : toLive(Math.max(0, turn.virtual() - peerLastVirtual));
            long allowed = peer.timeReached(needed) + think;
            if (options.topSpeed()) {
                due = allowed;
            } else if (allowed > due) {
                shift += allowed - due;
                due = allowed;
            }
        }
        return new Readiness.At(due);
    }

    /** The peer did not send in time for the current turn: carry on, and stop waiting for this peer. */
    public synchronized Readiness peerTimedOut(long now) {
        return timedOut(now);
    }

    private Readiness timedOut(long now) {
        if (!peerSilent) {
            awaitTimeouts++;
            peerSilent = true;
        }
        awaitingSince = -1;
        resumeAt = now; // the recorded rhythm resumes from here, as after a late peer
        return new Readiness.At(Readiness.NOW);
    }

    /** The live connection is up since {@code upNanos}; its peer is {@code liveEndpoint}. */
    public void connected(long upNanos, String liveEndpoint) {
        Runnable listener;
        synchronized (this) {
            up = true;
            liveOrigin = upNanos;
            live = liveEndpoint;
            listener = onChange;
        }
        runOrigin.offer(upNanos, openVirtual);
        listener.run();
    }

    /**
     * The live connection will not come up (found at {@code nanos}): {@code why} goes in the summary; later turns
     * are only counted.
     */
    public void gaveUp(String why, long nanos) {
        Runnable listener;
        synchronized (this) {
            gaveUp = true;
            problem = problem == null ? why : problem;
            listener = onChange;
        }
        // The run's clock starts even so: the connections after this one open at their offsets from now.
        runOrigin.offer(nanos, openVirtual);
        listener.run();
    }

    @Override
    public void peerData(byte[] data, int from, int length, long nanos) {
        comparator.actual(data, from, length);
        peer.received(length, nanos);
        peerArrivals.add(nanos);
        changed();
    }

    @Override
    public void peerClosed(boolean reset, String cause, long nanos) {
        synchronized (this) {
            if (!closingOurselves && peerEndNanos < 0) {
                peerEndNanos = nanos;
                peerEndReset = reset;
            }
            if (reset) {
                peerGone = true;
                peerReset = true;
                peerCloseCause = cause;
            }
        }
        peer.closed();
        changed();
    }

    /** Nothing more can be sent: the peer closed or reset the connection ({@code cause}: how it showed). */
    public void peerGone(boolean reset, String cause) {
        synchronized (this) {
            peerGone = true;
            peerReset |= reset;
            if (peerCloseCause == null) {
                peerCloseCause = cause;
            }
        }
        peer.closed();
        changed();
    }

    private void changed() {
        Runnable listener;
        synchronized (this) {
            listener = onChange;
        }
        listener.run();
    }

    /** The faults aimed at this connection (this round's): they fall in our sends as {@link #cut} hands them out. */
    public synchronized void aim(List<Fault> aimed) {
        this.faults = aimed.isEmpty() ? null : new ConnectionFaults(aimed);
    }

    /**
     * Our segment at recorded offset {@code offset} ({@link Turn#offset}), as it is to go out when faults fall in
     * it, or null. A stall moves the rest of the connection's schedule by its length; a fault that ends sending
     * makes the later sends of ours skipped, and the connection finishes without waiting for the peer (a
     * half-close still waits for what the peer sends, up to the await timeout).
     */
    public synchronized FaultCut cut(long offset, byte[] data) {
        if (faults == null || endedBy != null) {
            return null;
        }
        FaultCut cut = faults.cut(offset, data);
        if (cut == null) {
            return null;
        }
        for (FaultCut.Point point : cut.points()) {
            Fault fault = point.fault();
            if (fault.kind() == Fault.Kind.STALL) {
                shift += fault.stallNanos();
            }
            if (fault.kind().endsSending()) {
                endedBy = fault;
            }
        }
        return cut;
    }

    /** {@code fault} happened on the live connection at {@code nanos}. */
    public synchronized void injected(Fault fault, long nanos) {
        injections.add(new Injection(fault, nanos, peer.bytes()));
        if (fault.kind() == Fault.Kind.RESET || fault.kind() == Fault.Kind.CLOSE) {
            closingOurselves = true;
        }
    }

    /** We are about to close the live connection ourselves: what the channel says from now on is not the peer. */
    public synchronized void closing() {
        closingOurselves = true;
    }

    /** {@code length} bytes of ours went out at {@code nanos}; they were due at {@code dueNanos} ({@link Readiness#NOW}: unpaced). */
    public synchronized void sent(int length, long dueNanos, long nanos) {
        sent += length;
        timeline.liveSent.add(nanos - liveOrigin);
        if (dueNanos != Readiness.NOW) {
            lateness.record(nanos - dueNanos);
        }
    }

    /** A segment of ours went to the socket {@code latenessNanos} after its due time (measured at the write). */
    public synchronized void wrote(long latenessNanos) {
        lateness.record(latenessNanos);
    }

    /**
     * Nothing more is to be sent on this connection ({@code why} goes in the summary unless something else went
     * wrong first): one of our segments could not go out, and what follows it would leave a hole in our stream. Later
     * turns are only counted, and the connection finishes without waiting for its peer.
     */
    public void stopSending(String why) {
        synchronized (this) {
            sendingStopped = true;
            problem(why);
        }
        changed();
    }

    /** Something went wrong that the summary should say (the first one is kept). */
    public synchronized void problem(String why) {
        if (problem == null) {
            problem = why;
        }
    }

    /** The connection is done: its outcome is final. */
    public synchronized void finished() {
        finished = true;
    }

    public synchronized boolean isFinished() {
        return finished;
    }

    public synchronized boolean isUp() {
        return up;
    }

    /** Bytes of ours sent so far. */
    public synchronized long sentBytes() {
        return sent;
    }

    /** How late the latest sends were, in µs (p99 so far), for progress lines. */
    public LatenessHistogram lateness() {
        return lateness;
    }

    /** The outcome: final once {@link #finished}, as it stands before (marked {@code interrupted} then). */
    public synchronized ConnectionResult result() {
        String why = problem;
        if (why == null && !finished) {
            why = up ? "interrupted" : "interrupted before it started";
        }
        if (why == null && endedBy != null) {
            why = "fault " + endedBy.text() + ": " + sent + " of " + expectedSent + " bytes delivered";
        }
        if (why == null && peerGone) {
            why = "the peer " + (peerReset ? "reset" : "closed") + " the connection: " + sent + " of " + expectedSent
                    + " bytes delivered" + (peerCloseCause == null ? "" : " (" + peerCloseCause + ")");
        }
        if (why == null && skippedGapBytes > 0) {
            why = skippedGapBytes + " bytes of ours are missing from the capture and were not sent";
        }
        Verdict verdict = !up ? Verdict.NOT_RUN : verify && finished ? comparator.verdict() : Verdict.NOT_VERIFIED;
        boolean compared = verdict != Verdict.NOT_RUN && verdict != Verdict.NOT_VERIFIED;
        if (finished && !arrivalsInTimeline) {
            arrivalsInTimeline = true;
            for (long arrival : peerArrivals.toArray()) {
                timeline.livePeer.add(arrival - liveOrigin);
            }
        }
        return new ConnectionResult(
                role,
                index,
                client,
                server,
                live,
                sent,
                expectedSent,
                comparator.actualBytes(),
                recordedPeerBytes,
                verdict,
                compared ? comparator.firstDifference() : -1,
                awaitTimeouts,
                why,
                compared ? comparator.difference() : null,
                lateness,
                timeline,
                faultOutcomes(),
                round);
    }

    private List<InjectedFault> faultOutcomes() {
        if (faults == null) {
            return List.of();
        }
        List<InjectedFault> out = new ArrayList<>();
        for (Injection injection : injections) {
            Fault.Kind kind = injection.fault().kind();
            boolean observable = kind != Fault.Kind.RESET && kind != Fault.Kind.CLOSE;
            boolean endedAfter = observable && peerEndNanos >= 0 && peerEndNanos - injection.nanos() >= 0;
            out.add(new InjectedFault(
                    injection.fault().text(),
                    true,
                    (injection.nanos() - liveOrigin) / 1000,
                    injection.peerBytes(),
                    observable ? peer.bytes() - injection.peerBytes() : 0,
                    endedAfter ? (peerEndReset ? "reset" : "closed") : null,
                    endedAfter ? (peerEndNanos - injection.nanos()) / 1000 : -1,
                    observable));
        }
        for (Fault fault : faults.unreached()) {
            out.add(InjectedFault.unreached(fault));
        }
        return out;
    }

    private long toLive(long virtualNanos) {
        return options.speed() == 1.0 ? virtualNanos : (long) (virtualNanos / options.speed());
    }
}
