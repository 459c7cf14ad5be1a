package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A loop's recorded time: each round on its own timeline, starting where it is due, never before the last one's end. */
class LoopTimelineTest {

    private static final long MS = 1_000_000L;

    @Test
    void eachRoundStartsWhereItsFirstEventIsDueAndNeverBeforeTheLastOnesEnd() {
        LoopTimeline loop = new LoopTimeline(new ReplayOptions(1, false, null, true, Duration.ofSeconds(10)));
        List<Long> asked = new ArrayList<>();
        // Round 1: recorded at 5 s, 5.1 s, 5.3 s: virtual 0, 100, 300 ms (the due-now clock is not asked).
        assertEquals(0, loop.advance(1, 5_000 * MS, () -> asked.add(-1L) ? 0 : 0));
        assertEquals(100 * MS, loop.advance(1, 5_100 * MS, () -> 0));
        assertEquals(300 * MS, loop.advance(1, 5_300 * MS, () -> 0));
        assertEquals(List.of(), asked);
        assertEquals(1, loop.round());
        // Round 2 comes when 2 s of virtual time are due: it starts there, with the recorded gaps again.
        assertEquals(2_000 * MS, loop.advance(2, 5_000 * MS, () -> 2_000 * MS));
        assertEquals(2_100 * MS, loop.advance(2, 5_100 * MS, () -> 0));
        assertEquals(2, loop.round());
        // Round 3 comes "early" (a clock not set yet says 0): never before round 2's last event.
        assertEquals(2_100 * MS, loop.advance(3, 5_000 * MS, () -> 0));
        assertEquals(2_400 * MS, loop.advance(3, 5_300 * MS, () -> 0));
    }

    @Test
    void aMaximumGapIsKeptInsideEachRound() {
        LoopTimeline loop =
                new LoopTimeline(new ReplayOptions(1, false, Duration.ofMillis(50), true, Duration.ofSeconds(10)));
        assertEquals(0, loop.advance(1, 0, () -> 0));
        assertEquals(50 * MS, loop.advance(1, 900 * MS, () -> 0));
        assertEquals(1_000 * MS, loop.advance(2, 0, () -> 1_000 * MS));
        assertEquals(1_050 * MS, loop.advance(2, 900 * MS, () -> 0));
    }
}
