package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The end-of-replay summary, written out by hand: the table (numbers right-aligned, two spaces apart, lag in µs
 * below 10 ms and in ms from there) and a line in words for each thing that went wrong; and the report's totals.
 */
class ReplaySummaryTest {

    private static ConnectionResult result(
            String role,
            int index,
            String live,
            long sent,
            long expectedSent,
            long received,
            long expectedReceived,
            Verdict verdict,
            long awaitTimeouts,
            String problem,
            long... latenessNanos) {
        LatenessHistogram lateness = new LatenessHistogram();
        for (long nanos : latenessNanos) {
            lateness.record(nanos);
        }
        return new ConnectionResult(
                role,
                index,
                "127.0.0.1:5000" + index,
                "127.0.0.1:11000",
                live,
                sent,
                expectedSent,
                received,
                expectedReceived,
                verdict,
                -1,
                awaitTimeouts,
                problem,
                null,
                lateness,
                new Timeline(),
                java.util.List.of());
    }

    @Test
    void aLoopsTableStartsWithTheRoundAndItsRoundsFollowInRunsThenOverall() {
        ConnectionResult first = result("client", 0, "127.0.0.1:11000", 10, 10, 5, 5, Verdict.IDENTICAL, 0, null);
        ConnectionResult late = result("client", 0, "127.0.0.1:11000", 10, 10, 4, 5, Verdict.SHORTER, 0, null);
        ConnectionResult lateInRound3 = new ConnectionResult(
                late.role(),
                late.index(),
                late.client(),
                late.server(),
                late.live(),
                late.sentBytes(),
                late.expectedSentBytes(),
                late.receivedBytes(),
                late.expectedReceivedBytes(),
                late.verdict(),
                late.firstDifferenceOffset(),
                late.awaitTimeouts(),
                late.problem(),
                late.difference(),
                late.lateness(),
                late.timeline(),
                late.faults(),
                3);
        RoundCounts clean = new RoundCounts(1, 1, 1, 0, 0, 0, 0, 0, 0);
        RoundCounts shorter = new RoundCounts(1, 0, 0, 0, 1, 0, 0, 0, 0);
        ReplayReport report = ReplayReport.of(List.of(first, lateInRound3), 1.5)
                .withRounds(
                        List.of(new RoundRun(1, 2, clean), new RoundRun(3, 3, shorter), new RoundRun(4, 4, clean)), 4);
        assertTrue(report.looped());
        assertEquals(4, report.roundsPlayed());
        assertFalse(report.succeeded(), "round 3 did not go as recorded");
        String summary = ReplaySummary.format(report);
        List<String> lines = summary.lines().toList();
        assertTrue(lines.get(0).startsWith("round  role    conn"), summary);
        assertTrue(lines.get(1).matches("\\s+1\\s+client\\s+0\\s.*identical.*"), summary);
        assertTrue(lines.get(2).matches("\\s+3\\s+client\\s+0\\s.*shorter.*"), summary);
        assertEquals(
                List.of(
                        "client connection 0 (round 3): the peer stopped at offset 4 of 5",
                        "rounds 1-2 of 4: 1 connection each, identical",
                        "round 3 of 4: 1 connection, shorter",
                        "round 4 of 4: 1 connection, identical",
                        "overall: 4 rounds, 4 connections, 3 identical, 1 shorter"),
                lines.subList(3, lines.size()));
        ReplayReport once = ReplayReport.of(List.of(first), 1.0);
        assertFalse(once.looped());
        assertFalse(ReplaySummary.format(once).contains("overall"), "one round: no round lines");
        assertTrue(once.succeeded());
    }

    @Test
    void aTableThenWhatWentWrongInWords() {
        ReplayReport report = ReplayReport.of(
                List.of(
                        result(
                                "client",
                                0,
                                "127.0.0.1:11000",
                                9060,
                                9060,
                                115,
                                115,
                                Verdict.IDENTICAL,
                                0,
                                null,
                                250_000),
                        result(
                                "client",
                                1,
                                "127.0.0.1:11000",
                                3912,
                                3912,
                                40,
                                59,
                                Verdict.SHORTER,
                                1,
                                null,
                                15_000_000),
                        result("server", 0, null, 0, 115, 0, 9060, Verdict.NOT_RUN, 0, "no client connected"),
                        result("server", 1, "127.0.0.1:40000", 59, 59, 4000, 3912, Verdict.LONGER, 0, null)),
                2.5,
                List.of("server role: 1 more client(s) connected than the capture has connections; they were closed"));
        String expected = ""
                + "role    conn  client           server           live peer                sent      received  verdict    lag p99\n"
                + "client     0  127.0.0.1:50000  127.0.0.1:11000  127.0.0.1:11000  9060 of 9060    115 of 115  identical   250 us\n"
                + "client     1  127.0.0.1:50001  127.0.0.1:11000  127.0.0.1:11000  3912 of 3912      40 of 59  shorter      15 ms\n"
                + "server     0  127.0.0.1:50000  127.0.0.1:11000  -                    0 of 115     0 of 9060  not-run          -\n"
                + "server     1  127.0.0.1:50001  127.0.0.1:11000  127.0.0.1:40000      59 of 59  4000 of 3912  longer           -\n"
                + "client connection 1: the peer stopped at offset 40 of 59\n"
                + "client connection 1: the peer did not send what was recorded within the await timeout; the replay"
                + " carried on and stopped waiting for it\n"
                + "server connection 0: no client connected\n"
                + "server connection 1: the peer sent 88 bytes more than recorded\n"
                + "server role: 1 more client(s) connected than the capture has connections; they were closed\n";
        assertEquals(expected, ReplaySummary.format(report));
        assertEquals(1, report.awaitTimeouts());
        assertEquals(2, report.timing().count());
        assertEquals(2.5, report.durationSeconds());
        assertFalse(report.succeeded());
    }

    @Test
    void aReplaySucceedsWhenEverythingWentOutAndNoVerifiedPeerStrayed() {
        ConnectionResult identical = result("client", 0, "x", 10, 10, 5, 5, Verdict.IDENTICAL, 0, null);
        ConnectionResult unverified = result("client", 1, "x", 10, 10, 0, 5, Verdict.NOT_VERIFIED, 0, null);
        assertTrue(ReplayReport.of(List.of(identical, unverified), 1).succeeded());
        assertTrue(ReplayReport.of(List.of(), 0).succeeded());
        assertFalse(ReplayReport.of(
                        List.of(identical, result("client", 2, "x", 9, 10, 5, 5, Verdict.IDENTICAL, 0, null)), 1)
                .succeeded());
        assertFalse(ReplayReport.of(
                        List.of(result("client", 2, "x", 10, 10, 5, 5, Verdict.IDENTICAL, 0, "reset by the peer")), 1)
                .succeeded());
        assertFalse(ReplayReport.of(List.of(result("client", 2, "x", 10, 10, 5, 5, Verdict.DIFFERS, 0, null)), 1)
                .succeeded());
    }
}
