package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replaytcp.replay.ConnectionReplay;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.IgnoreRules;
import org.replaytcp.replay.ReplayOptions;
import org.replaytcp.replay.RunOrigin;

/** The run's books: connections under way by round and index, results and counts once they finish. */
class RunLedgerTest {

    private static LiveLink link(int index, int round) {
        ConnectionReplay replay = new ConnectionReplay(
                index,
                "10.0.0.1:" + (40000 + index),
                "10.0.0.2:11000",
                true,
                0,
                new ReplayOptions(1.0, false, null, true, Duration.ofSeconds(1)),
                IgnoreRules.NONE,
                true,
                new RunOrigin());
        replay.inRound(round);
        return new LiveLink(replay);
    }

    @Test
    void theSameIndexInAnotherRoundIsAnotherConnection() {
        RunLedger ledger = new RunLedger();
        LiveLink first = link(3, 1);
        LiveLink again = link(3, 2);
        ledger.opened(first, 1);
        ledger.opened(again, 2);

        assertSame(first, ledger.get(1, 3));
        assertSame(again, ledger.get(2, 3));
        assertNull(ledger.get(1, 4));
        assertNull(ledger.get(3, 3));
        assertEquals(0x0000000200000003L, RunLedger.key(2, 3));
    }

    @Test
    void aConnectionIsFinishedOnceAndTheRunEndsOnlyWhenEveryOneWasLetGo() {
        RunLedger ledger = new RunLedger();
        LiveLink zero = link(0, 1);
        LiveLink one = link(1, 1);
        ledger.opened(zero, 1);
        ledger.opened(one, 1);
        zero.replay.sent(100, 0, 0);
        one.replay.sent(40, 0, 0);
        assertEquals(140, ledger.sentBytes());

        RunLedger.Closed closed = ledger.finish(zero, 1);
        assertNotNull(closed);
        assertTrue(closed.kept(), "round 1's results are kept whole");
        assertEquals(0, closed.result().index());
        assertNull(ledger.finish(zero, 1), "finished already");
        assertNull(ledger.get(1, 0), "no longer under way");
        assertEquals(1, ledger.finishedConnections());
        assertEquals(140, ledger.sentBytes(), "finished bytes still count");
        assertFalse(ledger.allFinished());

        ledger.letGo();
        assertFalse(ledger.allFinished(), "connection 1 is still under way");
        assertNotNull(ledger.finish(one, 1));
        assertFalse(ledger.allFinished(), "finished but not yet let go of");
        ledger.letGo();
        assertTrue(ledger.allFinished());
        assertEquals(
                List.of(0, 1),
                ledger.close().stream().map(ConnectionResult::index).toList());
    }

    @Test
    void aSnapshotHoldsTheFinishedAndThoseUnderWay() {
        RunLedger ledger = new RunLedger();
        LiveLink zero = link(0, 1);
        LiveLink one = link(1, 1);
        ledger.opened(zero, 1);
        ledger.opened(one, 1);
        ledger.finish(one, 1);

        List<Integer> indices =
                ledger.snapshot().stream().map(ConnectionResult::index).sorted().toList();
        assertEquals(List.of(0, 1), indices);
    }

    @Test
    void clearingForgetsTheLastRun() {
        RunLedger ledger = new RunLedger();
        LiveLink zero = link(0, 1);
        ledger.opened(zero, 1);
        zero.replay.sent(100, 0, 0);
        ledger.finish(zero, 1);
        ledger.opened(link(1, 1), 1);

        ledger.clear();

        assertEquals(0, ledger.finishedConnections());
        assertEquals(0, ledger.sentBytes());
        assertTrue(ledger.allFinished());
        assertNull(ledger.get(1, 1));
        assertEquals(List.of(), ledger.snapshot());
    }
}
