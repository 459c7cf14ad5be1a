package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rounds of a loop: counts per round, runs of rounds that went the same way, what is kept whole, the two roles merged. */
class RoundsTest {

    /** A finished connection of {@code round}: all 100 bytes sent, or only 40 when {@code complete} is false. */
    private static ConnectionResult result(int round, int index, Verdict verdict, boolean complete) {
        return new ConnectionResult(
                "client",
                index,
                "127.0.0.1:5000" + index,
                "127.0.0.1:11000",
                "127.0.0.1:11000",
                complete ? 100 : 40,
                100,
                10,
                10,
                verdict,
                -1,
                0,
                complete ? null : "the peer reset the connection",
                null,
                new LatenessHistogram(),
                new Timeline(),
                List.of(),
                round);
    }

    private static RoundCounts counts(int identical, int differs) {
        return new RoundCounts(identical + differs, identical, identical, differs, 0, 0, 0, 0, 0);
    }

    @Test
    void cleanRoundsFoldIntoOneRunAndOneLine() {
        Rounds rounds = new Rounds();
        for (int round = 1; round <= 3; round++) {
            rounds.add(result(round, 0, Verdict.IDENTICAL, true));
            rounds.add(result(round, 1, Verdict.IDENTICAL, true));
        }
        assertEquals(List.of(new RoundRun(1, 3, counts(2, 0))), rounds.runs());
        assertEquals(
                "rounds 1-3 of 3: 2 connections each, identical",
                rounds.runs().get(0).describe(3));
        assertEquals(
                "rounds 1-3: 2 connections each, identical",
                rounds.runs().get(0).describe(0));
    }

    @Test
    void aRoundThatWentOtherwiseStandsAlone() {
        Rounds rounds = new Rounds();
        for (int round = 1; round <= 4; round++) {
            rounds.add(result(round, 0, Verdict.IDENTICAL, true));
            rounds.add(result(round, 1, round == 3 ? Verdict.DIFFERS : Verdict.IDENTICAL, true));
            rounds.settleBefore(round + 1);
        }
        List<RoundRun> runs = rounds.runs();
        assertEquals(3, runs.size(), runs.toString());
        assertEquals(
                "rounds 1-2 of 4: 2 connections each, identical", runs.get(0).describe(4));
        assertEquals(
                "round 3 of 4: 2 connections, 1 identical, 1 differs",
                runs.get(1).describe(4));
        assertEquals("round 4 of 4: 2 connections, identical", runs.get(2).describe(4));
        assertFalse(runs.get(1).counts().allSucceeded());
        assertTrue(runs.get(2).counts().allSucceeded());
    }

    @Test
    void aConnectionOfAnEarlierRoundFinishingLateStillCountsInItsRound() {
        Rounds rounds = new Rounds();
        rounds.add(result(1, 0, Verdict.IDENTICAL, true));
        rounds.add(result(2, 0, Verdict.IDENTICAL, true));
        rounds.add(result(2, 1, Verdict.IDENTICAL, true));
        rounds.add(result(1, 1, Verdict.SHORTER, false)); // round 1's second connection ends after round 2's
        rounds.settleBefore(Integer.MAX_VALUE);
        assertEquals(
                List.of(
                        new RoundRun(1, 1, new RoundCounts(2, 1, 1, 0, 1, 0, 0, 0, 1)),
                        new RoundRun(2, 2, counts(2, 0))),
                rounds.runs());
        assertEquals(
                "round 1 of 2: 2 connections, 1 identical, 1 shorter, 1 incomplete",
                rounds.runs().get(0).describe(2));
    }

    @Test
    void aRoundIsOverOnceNoneOfItsConnectionsIsUnderWayAndTheNextIsBeingRead() {
        Rounds rounds = new Rounds();
        rounds.opened(1);
        rounds.opened(1);
        rounds.finished(result(1, 0, Verdict.IDENTICAL, true), 1);
        rounds.opened(2); // round 2 is read while round 1's second connection is still under way
        rounds.finished(result(2, 0, Verdict.IDENTICAL, true), 2);
        rounds.settle(2);
        // Round 1 is not over (one connection under way); the view folds what it has so far all the same.
        assertEquals(List.of(new RoundRun(1, 2, counts(1, 0))), rounds.runs());
        rounds.finished(result(1, 1, Verdict.IDENTICAL, true), 2);
        // Round 1 now has both; its counts folded (settled) and round 2's stay open until round 3 is read.
        assertEquals(List.of(new RoundRun(1, 1, counts(2, 0)), new RoundRun(2, 2, counts(1, 0))), rounds.runs());
        rounds.opened(3);
        rounds.settle(3);
        rounds.finished(result(3, 0, Verdict.IDENTICAL, true), 3);
        rounds.settle(Integer.MAX_VALUE);
        assertEquals(List.of(new RoundRun(1, 1, counts(2, 0)), new RoundRun(2, 3, counts(1, 0))), rounds.runs());
    }

    @Test
    void roundOneIsKeptWholeAndOfLaterRoundsOnlyTheFirstHundredFailures() {
        Rounds rounds = new Rounds();
        assertTrue(rounds.add(result(1, 0, Verdict.IDENTICAL, true)));
        assertFalse(rounds.add(result(2, 0, Verdict.IDENTICAL, true)));
        assertTrue(rounds.add(result(2, 1, Verdict.NOT_VERIFIED, false)));
        int kept = 1;
        for (int round = 3; round < 300; round++) {
            kept += rounds.add(result(round, 0, Verdict.DIFFERS, true)) ? 1 : 0;
        }
        assertEquals(Rounds.KEPT_LATER, kept);
        assertFalse(rounds.add(result(300, 0, Verdict.NOT_VERIFIED, true)), "not verified and complete went well");
    }

    @Test
    void theTwoRolesRoundsAddUpRoundByRound() {
        List<RoundRun> client = List.of(new RoundRun(1, 5, counts(2, 0)));
        List<RoundRun> server = List.of(
                new RoundRun(1, 2, counts(2, 0)), new RoundRun(3, 3, counts(1, 1)), new RoundRun(4, 6, counts(2, 0)));
        assertEquals(
                List.of(
                        new RoundRun(1, 2, counts(4, 0)),
                        new RoundRun(3, 3, counts(3, 1)),
                        new RoundRun(4, 5, counts(4, 0)),
                        new RoundRun(6, 6, counts(2, 0))),
                Rounds.merge(client, server));
        assertEquals(client, Rounds.merge(client, List.of()));
        assertEquals(server, Rounds.merge(List.of(), server));
        // A round neither has (none finished in it) is skipped, not invented.
        assertEquals(
                List.of(new RoundRun(1, 1, counts(2, 0)), new RoundRun(3, 3, counts(2, 0))),
                Rounds.merge(List.of(new RoundRun(1, 1, counts(2, 0))), List.of(new RoundRun(3, 3, counts(2, 0)))));
    }

    @Test
    void verdictWordsNameEveryCountThatIsNotZero() {
        assertEquals("not-verified", new RoundCounts(2, 2, 0, 0, 0, 0, 2, 0, 0).verdict());
        assertEquals("1 identical, 1 longer", new RoundCounts(2, 1, 1, 0, 0, 1, 0, 0, 0).verdict());
        assertEquals("1 not-verified, 1 not-run, 1 incomplete", new RoundCounts(2, 1, 0, 0, 0, 0, 1, 1, 1).verdict());
        assertEquals("round 7: 1 connection, identical", new RoundRun(7, 7, counts(1, 0)).describe(0));
    }
}
