package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hand-over lead, worked out by hand: twice the slowest recent hand-over, which fades by 1/512 per segment. */
class HandoffLeadTest {

    @Test
    void startsWideForTheColdPathThenFollowsTheSlowestRecentHandover() {
        HandoffLead lead = new HandoffLead();
        assertEquals(5_000_000, lead.nanos());              // 2 x 2.5 ms before anything is measured
        lead.observe(40_000);
        // 2_500_000 - 2_500_000 / 512 (= 4_882) = 2_495_118, twice that
        assertEquals(4_990_236, lead.nanos());
        for (int i = 0; i < 4_000; i++) {
            lead.observe(40_000);
        }
        assertEquals(300_000, lead.nanos());                // the floor: 2 x 40 us would be too tight
        lead.observe(1_000_000);                            // a slow one (a pause): the lead widens at once
        assertEquals(2_000_000, lead.nanos());
        lead.observe(0);
        assertEquals(2 * (1_000_000 - 1_953), lead.nanos());
    }

    @Test
    void neverWiderThanFiveMilliseconds() {
        HandoffLead lead = new HandoffLead();
        lead.observe(50_000_000);
        assertEquals(5_000_000, lead.nanos());
    }
}
