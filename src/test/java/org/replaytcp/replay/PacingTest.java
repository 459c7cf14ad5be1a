package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.tcp.ConnectionInfo;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.RoleSource;
import org.replaytcp.tcp.TcpEvent;

/**
 * The recorded timeline and the options that shape due times, with no clock at all: every due time is worked out
 * by hand from the recorded times.
 */
class PacingTest {

    private static final long MS = 1_000_000;
    private static final ConnectionInfo INFO =
            new ConnectionInfo(0, Endpoint.parse("10.0.0.1:1"), Endpoint.parse("10.0.0.2:2"), RoleSource.SYN, 0);

    private static ReplayOptions options(double speed, boolean topSpeed, Duration maxGap, boolean awaitPeer) {
        return new ReplayOptions(speed, topSpeed, maxGap, awaitPeer, Duration.ofMillis(0));
    }

    private static ConnectionReplay connection(ReplayOptions options) {
        ConnectionReplay replay = new ConnectionReplay(
                0, "10.0.0.1:1", "10.0.0.2:2", true, 0, options, IgnoreRules.NONE, false, new RunOrigin());
        replay.connected(0, "10.0.0.2:2");
        return replay;
    }

    private static long dueOf(ConnectionReplay replay, long virtual) {
        Turn turn = replay.turnFor(
                new TcpEvent.DataSegment(
                        INFO, 0, Direction.CLIENT_TO_SERVER, 0, "x".getBytes(StandardCharsets.US_ASCII)),
                virtual);
        return assertInstanceOf(Readiness.At.class, replay.readiness(turn, 0)).dueNanos();
    }

    @Test
    void maxGapCutsLongPausesInReplayTime() {
        // At speed 2, a 1 s cap means recorded pauses longer than 2 s shrink to 1 s of replay.
        ReplayOptions options = options(2.0, false, Duration.ofSeconds(1), false);
        RecordedTimeline timeline = new RecordedTimeline(options);
        ConnectionReplay replay = connection(options);
        timeline.advance(0);
        assertEquals(500 * MS, dueOf(replay, timeline.advance(1_000 * MS))); // 1 s recorded -> 0.5 s
        assertEquals(1_500 * MS, dueOf(replay, timeline.advance(61_000 * MS))); // 60 s -> capped to 1 s
        assertEquals(1_750 * MS, dueOf(replay, timeline.advance(61_500 * MS))); // 0.5 s -> 0.25 s
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
    void topSpeedNeverWaitsForTheClock() {
        ConnectionReplay replay = connection(options(1.0, true, null, false));
        assertEquals(Readiness.NOW, dueOf(replay, 5_000 * MS));
        assertEquals(Readiness.NOW, dueOf(replay, 9_000 * MS));
    }

    @Test
    void refusesNonsenseOptions() {
        assertThrows(IllegalArgumentException.class, () -> options(0, false, null, true));
        assertThrows(IllegalArgumentException.class, () -> options(-1, false, null, true));
        assertThrows(IllegalArgumentException.class, () -> options(1, false, Duration.ofSeconds(-1), true));
    }
}
