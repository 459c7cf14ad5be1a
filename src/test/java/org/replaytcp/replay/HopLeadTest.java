package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hand-over lead's arithmetic, by hand: half way up to a slower hop at once, down by 1/256 of the gap. */
class HopLeadTest {

    @Test
    void startsAt200MicrosRisesHalfWayAndForgetsSlowly() {
        HopLead lead = new HopLead();
        assertEquals(200_000, lead.nanos());
        lead.observe(600_000); // 200 000 + (600 000 - 200 000) / 2
        assertEquals(400_000, lead.nanos());
        lead.observe(400_000); // no gap: unchanged
        assertEquals(400_000, lead.nanos());
        lead.observe(144_000); // 400 000 - (256 000 >> 8) = 400 000 - 1 000
        assertEquals(399_000, lead.nanos());
        lead.observe(399_001); // 399 000 + 1 / 2 = 399 000 (integer halves)
        assertEquals(399_000, lead.nanos());
        lead.observe(399_002); // + 1
        assertEquals(399_001, lead.nanos());
    }

    @Test
    void staysWithinItsBounds() {
        HopLead lead = new HopLead();
        lead.observe(10_000_000); // half way to 10 ms: 5.1 ms, held at 1 ms
        assertEquals(HopLead.MAX_NANOS, lead.nanos());
        assertEquals(1_000_000, HopLead.MAX_NANOS);
        HopLead fast = new HopLead();
        for (int i = 0; i < 5_000; i++) {
            fast.observe(0);
        }
        assertEquals(HopLead.MIN_NANOS, fast.nanos());
        assertEquals(20_000, HopLead.MIN_NANOS);
        fast.observe(20_000 - 1); // below the floor: stays at the floor
        assertEquals(20_000, fast.nanos());
    }
}
