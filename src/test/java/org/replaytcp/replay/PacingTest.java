package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pacing with a fake clock: every due time is worked out by hand from the recorded times. */
class PacingTest {

    private static final long MS = 1_000_000;

    private static ReplayOptions options(double speed, boolean topSpeed, Duration maxGap, boolean awaitPeer) {
        return new ReplayOptions(speed, topSpeed, maxGap, awaitPeer, Duration.ofMillis(0));
    }

    @Test
    void dueTimesFollowTheRecordingFromTheConnectionsStartNotFromTheLastSend() throws Exception {
        FakeClock clock = new FakeClock(1_000 * MS);
        ReplayOptions options = options(1.0, false, null, false);
        RecordedTimeline timeline = new RecordedTimeline(options);
        long origin = timeline.advance(50_000 * MS);           // SYN recorded at 50 s
        ConnectionPacer pacer = new ConnectionPacer(options, clock, 1_000 * MS, origin);
        PeerProgress peer = new PeerProgress();
        pacer.awaitTurn(timeline.advance(50_003 * MS), 0, 0, peer);
        clock.now += 2 * MS;                                     // the send itself took 2 ms: must not add up
        pacer.awaitTurn(timeline.advance(50_010 * MS), 0, 0, peer);
        pacer.awaitTurn(timeline.advance(50_011 * MS), 0, 0, peer);
        assertEquals(List.of(1_003 * MS, 1_010 * MS, 1_011 * MS), clock.waits);
    }

    @Test
    void speedScalesEveryPause() throws Exception {
        FakeClock clock = new FakeClock(0);
        ReplayOptions options = options(4.0, false, null, false);
        RecordedTimeline timeline = new RecordedTimeline(options);
        ConnectionPacer pacer = new ConnectionPacer(options, clock, 0, timeline.advance(0));
        pacer.awaitTurn(timeline.advance(100 * MS), 0, 0, new PeerProgress());
        pacer.awaitTurn(timeline.advance(1_000 * MS), 0, 0, new PeerProgress());
        assertEquals(List.of(25 * MS, 250 * MS), clock.waits);

        FakeClock slow = new FakeClock(0);
        ReplayOptions half = options(0.5, false, null, false);
        RecordedTimeline halfTimeline = new RecordedTimeline(half);
        ConnectionPacer halfPacer = new ConnectionPacer(half, slow, 0, halfTimeline.advance(0));
        halfPacer.awaitTurn(halfTimeline.advance(100 * MS), 0, 0, new PeerProgress());
        assertEquals(List.of(200 * MS), slow.waits);
    }

    @Test
    void maxGapCutsLongPausesInReplayTime() throws Exception {
        FakeClock clock = new FakeClock(0);
        // At speed 2, a 1 s cap means recorded pauses longer than 2 s shrink to 1 s of replay.
        ReplayOptions options = options(2.0, false, Duration.ofSeconds(1), false);
        RecordedTimeline timeline = new RecordedTimeline(options);
        ConnectionPacer pacer = new ConnectionPacer(options, clock, 0, timeline.advance(0));
        pacer.awaitTurn(timeline.advance(1_000 * MS), 0, 0, new PeerProgress());     // 1 s recorded -> 0.5 s
        pacer.awaitTurn(timeline.advance(61_000 * MS), 0, 0, new PeerProgress());    // 60 s -> capped to 1 s
        pacer.awaitTurn(timeline.advance(61_500 * MS), 0, 0, new PeerProgress());    // 0.5 s -> 0.25 s
        assertEquals(List.of(500 * MS, 1_500 * MS, 1_750 * MS), clock.waits);
    }

    @Test
    void timestampsThatStepBackCountAsNoTime() {
        RecordedTimeline timeline = new RecordedTimeline(options(1.0, false, null, false));
        assertEquals(0, timeline.advance(10 * MS));
        assertEquals(5 * MS, timeline.advance(15 * MS));
        assertEquals(5 * MS, timeline.advance(12 * MS));
        assertEquals(8 * MS, timeline.advance(18 * MS));
    }

    @Test
    void topSpeedNeverWaitsForTheClock() throws Exception {
        FakeClock clock = new FakeClock(0);
        ReplayOptions options = options(1.0, true, null, false);
        RecordedTimeline timeline = new RecordedTimeline(options);
        ConnectionPacer pacer = new ConnectionPacer(options, clock, 0, timeline.advance(0));
        pacer.awaitTurn(timeline.advance(5_000 * MS), 0, 0, new PeerProgress());
        assertEquals(List.of(), clock.waits);
        assertEquals(0, clock.now);
    }

    @Test
    void keepsTheRecordedThinkTimeAfterALatePeerAndResumesTheRhythmFromThere() throws Exception {
        FakeClock clock = new FakeClock(0);
        ReplayOptions options = new ReplayOptions(1.0, false, null, true, Duration.ofSeconds(10));
        RecordedTimeline timeline = new RecordedTimeline(options);
        ConnectionPacer pacer = new ConnectionPacer(options, clock, 0, timeline.advance(0));
        PeerProgress peer = new PeerProgress();
        // Recording: peer answered at 10 ms, we sent 2 ms later (12 ms), then again at 20 ms.
        long peerAnswer = timeline.advance(10 * MS);
        // Live: the peer answers only at 500 ms.
        clock.now = 500 * MS;
        peer.received(6, 500 * MS);
        pacer.awaitTurn(timeline.advance(12 * MS), 6, peerAnswer, peer);
        pacer.awaitTurn(timeline.advance(20 * MS), 6, peerAnswer, peer);
        assertEquals(List.of(502 * MS, 510 * MS), clock.waits);
    }

    @Test
    void carriesOnWhenThePeerDoesNotSendInTimeAndCountsIt() throws Exception {
        FakeClock clock = new FakeClock(0);
        ReplayOptions options = new ReplayOptions(1.0, false, null, true, Duration.ZERO);
        RecordedTimeline timeline = new RecordedTimeline(options);
        ConnectionPacer pacer = new ConnectionPacer(options, clock, 0, timeline.advance(0));
        pacer.awaitTurn(timeline.advance(5 * MS), 100, 0, new PeerProgress());
        assertEquals(1, pacer.awaitTimeouts());
        assertEquals(List.of(5 * MS), clock.waits);
    }

    @Test
    void doesNotWaitForAPeerThatAlreadySentItsBytes() throws Exception {
        FakeClock clock = new FakeClock(0);
        ReplayOptions options = new ReplayOptions(1.0, false, null, true, Duration.ofSeconds(10));
        RecordedTimeline timeline = new RecordedTimeline(options);
        ConnectionPacer pacer = new ConnectionPacer(options, clock, 0, timeline.advance(0));
        PeerProgress peer = new PeerProgress();
        peer.received(6, 1 * MS); // faster than recorded: the recording's own rhythm still rules
        long peerAnswer = timeline.advance(10 * MS);
        pacer.awaitTurn(timeline.advance(12 * MS), 6, peerAnswer, peer);
        assertEquals(List.of(12 * MS), clock.waits);
    }

    @Test
    void aHandoffReturnsThatMuchEarlyButReportsTheTrueDueTime() throws Exception {
        FakeClock clock = new FakeClock(0);
        ReplayOptions options = options(1.0, false, null, false);
        RecordedTimeline timeline = new RecordedTimeline(options);
        ConnectionPacer pacer = new ConnectionPacer(options, clock, 0, timeline.advance(0));
        long due = pacer.awaitTurn(timeline.advance(5 * MS), 0, 0, new PeerProgress(), MS);
        assertEquals(5 * MS, due);
        assertEquals(List.of(4 * MS), clock.waits);             // the writer waits out the last millisecond
        long next = pacer.awaitTurn(timeline.advance(7 * MS), 0, 0, new PeerProgress(), MS);
        assertEquals(7 * MS, next);                              // still from the origin, not from the early return
    }

    @Test
    void refusesNonsenseOptions() {
        assertThrows(IllegalArgumentException.class, () -> options(0, false, null, true));
        assertThrows(IllegalArgumentException.class, () -> options(-1, false, null, true));
        assertThrows(IllegalArgumentException.class, () -> options(1, false, Duration.ofSeconds(-1), true));
    }
}
