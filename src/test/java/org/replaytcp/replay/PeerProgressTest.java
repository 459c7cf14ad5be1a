package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the live peer reached a byte count, by hand from the chunks it sent and when. */
class PeerProgressTest {

    @Test
    void answersWhenEachCountWasFirstReached() {
        PeerProgress peer = new PeerProgress();
        assertEquals(-1, peer.timeReached(1));
        assertEquals(0, peer.bytes());
        peer.received(3, 100); // 3 bytes at t=100
        peer.received(4, 200); // 7 at t=200
        peer.received(1, 300); // 8 at t=300
        assertEquals(8, peer.bytes());
        assertEquals(100, peer.timeReached(0));
        assertEquals(100, peer.timeReached(3)); // exactly the first chunk's total
        assertEquals(200, peer.timeReached(4)); // within the second chunk
        assertEquals(200, peer.timeReached(7));
        assertEquals(300, peer.timeReached(8));
        assertEquals(-1, peer.timeReached(9));
        assertFalse(peer.isClosed());
        peer.closed();
        assertTrue(peer.isClosed());
    }

    @Test
    void aPeerFarAheadKeepsItsLatestArrivalsOnly() {
        PeerProgress peer = new PeerProgress();
        for (int i = 1; i <= 100_001; i++) {
            peer.received(1, 10L * i); // byte i at 10 i
        }
        // The first arrival (1 byte at 10) was dropped for the 100 001st: asked about, the oldest kept answers.
        assertEquals(20, peer.timeReached(1));
        assertEquals(20, peer.timeReached(2));
        assertEquals(1_000_010, peer.timeReached(100_001));
    }
}
