package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where recorded time meets live time for a run: set once, by the first connection up, and waited for by the rest. */
class RunOriginTest {

    private static final long MS = 1_000_000L;

    @Test
    void theFirstClaimOpensTheRunAndTheFirstOfferSetsItsClock() {
        RunOrigin origin = new RunOrigin();
        assertTrue(origin.claimFirst());
        assertFalse(origin.claimFirst());
        assertFalse(origin.isSet());
        assertEquals(Readiness.NOW, origin.due(5 * MS, 1));
        List<String> told = new ArrayList<>();
        origin.whenSet(() -> told.add("a"));
        origin.whenSet(() -> told.add("b"));
        assertEquals(List.of(), told);
        origin.offer(1_000 * MS, 200 * MS); // up at 1 s live, recorded at 200 ms
        assertTrue(origin.isSet());
        assertEquals(List.of("a", "b"), told);
        origin.offer(9_000 * MS, 0); // a later offer changes nothing, and tells no one again
        assertEquals(List.of("a", "b"), told);
        assertEquals(1_300 * MS, origin.due(500 * MS, 1)); // 300 ms after the first, recorded
        assertEquals(1_150 * MS, origin.due(500 * MS, 2));
        origin.whenSet(() -> told.add("c")); // once set: at once
        assertEquals(List.of("a", "b", "c"), told);
    }

    @Test
    void theVirtualTimeDueAtALiveMomentIsWhereANewRoundStarts() {
        RunOrigin origin = new RunOrigin();
        assertEquals(0, origin.virtualAt(5_000 * MS, 1), "no origin yet");
        origin.offer(1_000 * MS, 200 * MS);
        assertEquals(1_200 * MS, origin.virtualAt(2_000 * MS, 1)); // 1 s later, recorded 200 ms + 1 s
        assertEquals(2_200 * MS, origin.virtualAt(2_000 * MS, 2)); // at twice the speed, 2 s of recording
        assertEquals(3_000 * MS, origin.due(origin.virtualAt(3_000 * MS, 4), 4), "due when it was asked for");
    }
}
