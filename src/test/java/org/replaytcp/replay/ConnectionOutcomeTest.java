package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.tcp.ConnectionEnd;
import org.replaytcp.tcp.ConnectionInfo;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.RoleSource;
import org.replaytcp.tcp.TcpEvent;

/**
 * What the per-connection core reports when a connection ends (or is interrupted): the line in words, the verdict,
 * the byte counts, the lateness and the timeline, each by hand from what the test feeds it.
 */
class ConnectionOutcomeTest {

    private static final long MS = 1_000_000L;
    private static final ConnectionInfo INFO = new ConnectionInfo(
            3, Endpoint.parse("127.0.0.1:40000"), Endpoint.parse("127.0.0.1:11000"), RoleSource.SYN, 0);
    private static final long OPENED = 7_000 * MS; // when the recorded connection opened
    private static final long UP = 50_000 * MS; // when the live one came up, on the fake clock

    private static ConnectionReplay client(boolean verify, IgnoreRules rules) {
        return new ConnectionReplay(
                3,
                "127.0.0.1:40000",
                "127.0.0.1:11000",
                true,
                OPENED,
                new ReplayOptions(1, false, null, true, Duration.ofSeconds(1)),
                rules,
                verify,
                new RunOrigin());
    }

    private static TcpEvent ours(String text) {
        return new TcpEvent.DataSegment(INFO, 0, Direction.CLIENT_TO_SERVER, 0, ascii(text));
    }

    private static TcpEvent theirs(String text) {
        return new TcpEvent.DataSegment(INFO, 0, Direction.SERVER_TO_CLIENT, 0, ascii(text));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void peer(ConnectionReplay replay, String text, long nanos) {
        byte[] bytes = ascii(text);
        replay.peerData(bytes, 0, bytes.length, nanos);
    }

    @Test
    void aConnectionThatWentAsRecorded() {
        ConnectionReplay replay = client(true, IgnoreRules.NONE);
        assertEquals(3, replay.index());
        assertEquals(OPENED, replay.openVirtual());
        assertFalse(replay.isUp());
        replay.connected(UP, "127.0.0.1:11000");
        assertTrue(replay.isUp());
        replay.turnFor(ours("hello"), OPENED + 10 * MS);
        replay.sent(5, UP + 10 * MS, UP + 12 * MS); // 2 ms late
        replay.turnFor(theirs("HI"), OPENED + 20 * MS);
        peer(replay, "HI", UP + 25 * MS);
        replay.turnFor(ours("bye"), OPENED + 30 * MS);
        replay.sent(3, Readiness.NOW, UP + 31 * MS); // unpaced: no lateness
        replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), OPENED + 40 * MS);
        assertFalse(replay.isFinished());
        replay.finished();
        assertTrue(replay.isFinished());
        assertEquals(8, replay.sentBytes());
        ConnectionResult result = replay.result();
        assertEquals(
                List.of("client", 3, "127.0.0.1:40000", "127.0.0.1:11000", "127.0.0.1:11000", 8L, 8L, 2L, 2L),
                List.of(
                        result.role(),
                        result.index(),
                        result.client(),
                        result.server(),
                        result.live(),
                        result.sentBytes(),
                        result.expectedSentBytes(),
                        result.receivedBytes(),
                        result.expectedReceivedBytes()));
        assertEquals(Verdict.IDENTICAL, result.verdict());
        assertEquals(-1, result.firstDifferenceOffset());
        assertNull(result.problem());
        assertNull(result.difference());
        assertEquals(1, result.lateness().count());
        assertEquals(2_000, result.lateness().maxMicros());
        assertArrayEquals(
                new long[] {10 * MS, 30 * MS}, result.timeline().recordedSent.toArray());
        assertArrayEquals(
                new long[] {12 * MS, 31 * MS}, result.timeline().liveSent.toArray());
        assertArrayEquals(new long[] {20 * MS}, result.timeline().recordedPeer.toArray());
        assertArrayEquals(new long[] {25 * MS}, result.timeline().livePeer.toArray());
        replay.result(); // asked again: the peer's arrivals go in the timeline once
        assertArrayEquals(new long[] {25 * MS}, result.timeline().livePeer.toArray());
    }

    @Test
    void aPeerThatDiffersIsShownWhere() {
        ConnectionReplay replay = client(true, IgnoreRules.NONE);
        replay.connected(UP, "127.0.0.1:11000");
        replay.turnFor(theirs("ABCDEF"), OPENED);
        peer(replay, "ABCxEF", UP);
        replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), OPENED);
        replay.finished();
        ConnectionResult result = replay.result();
        assertEquals(Verdict.DIFFERS, result.verdict());
        assertEquals(3, result.firstDifferenceOffset());
        assertEquals(3, result.difference().offset());
    }

    @Test
    void withoutVerificationNothingIsCompared() {
        ConnectionReplay replay = client(false, IgnoreRules.NONE);
        replay.connected(UP, "127.0.0.1:11000");
        replay.turnFor(theirs("ABCDEF"), OPENED);
        peer(replay, "xxxxxx", UP);
        replay.finished();
        ConnectionResult result = replay.result();
        assertEquals(Verdict.NOT_VERIFIED, result.verdict());
        assertEquals(-1, result.firstDifferenceOffset());
        assertNull(result.difference());
    }

    @Test
    void masksHoldTheLastBytesBackUntilTheRecordingEnds() {
        // With a rule, the recorded peer's last bytes wait in the mask's look-ahead; the end of the connection
        // hands them to the comparison, so a live peer that sent them all is identical, not longer.
        ConnectionReplay replay = client(true, IgnoreRules.of(List.of("id=\\d+"), List.of()));
        replay.connected(UP, "127.0.0.1:11000");
        replay.turnFor(theirs("hello id=42;"), OPENED);
        peer(replay, "hello id=77;", UP);
        replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), OPENED);
        replay.finished();
        assertEquals(Verdict.IDENTICAL, replay.result().verdict());
    }

    @Test
    void whatTheCaptureLacksIsSaidAndNotSent() {
        ConnectionReplay replay = client(true, IgnoreRules.NONE);
        replay.connected(UP, "127.0.0.1:11000");
        replay.turnFor(ours("ab"), OPENED);
        replay.turnFor(new TcpEvent.StreamGap(INFO, 0, Direction.CLIENT_TO_SERVER, 2, 4), OPENED);
        replay.turnFor(new TcpEvent.StreamGap(INFO, 0, Direction.SERVER_TO_CLIENT, 0, 3), OPENED);
        replay.sent(2, Readiness.NOW, UP);
        peer(replay, "xyz", UP); // the peer's three unknown bytes: anything matches
        replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), OPENED);
        replay.finished();
        ConnectionResult result = replay.result();
        assertEquals("4 bytes of ours are missing from the capture and were not sent", result.problem());
        assertEquals(6, result.expectedSentBytes());
        assertEquals(3, result.expectedReceivedBytes());
        assertEquals(Verdict.IDENTICAL, result.verdict());
        assertFalse(result.complete());
    }

    @Test
    void aPeerThatResetOrClosedIsSaidWithHowFarWeGot() {
        ConnectionReplay reset = client(true, IgnoreRules.NONE);
        reset.connected(UP, "127.0.0.1:11000");
        reset.turnFor(ours("0123456789"), OPENED);
        reset.sent(3, Readiness.NOW, UP);
        reset.peerGone(true, "connection reset by peer");
        reset.peerGone(false, "a later cause");
        reset.finished();
        assertEquals(
                "the peer reset the connection: 3 of 10 bytes delivered (connection reset by peer)",
                reset.result().problem());
        ConnectionReplay closed = client(true, IgnoreRules.NONE);
        closed.connected(UP, "127.0.0.1:11000");
        closed.turnFor(ours("0123456789"), OPENED);
        closed.peerClosed(false, null, UP);
        closed.peerGone(false, null);
        closed.finished();
        assertEquals(
                "the peer closed the connection: 0 of 10 bytes delivered",
                closed.result().problem());
    }

    @Test
    void aFirstProblemStaysAndAnInterruptedConnectionSaysSo() {
        ConnectionReplay notStarted = client(true, IgnoreRules.NONE);
        assertEquals("interrupted before it started", notStarted.result().problem());
        assertEquals(Verdict.NOT_RUN, notStarted.result().verdict());
        ConnectionReplay running = client(true, IgnoreRules.NONE);
        running.connected(UP, "127.0.0.1:11000");
        assertEquals("interrupted", running.result().problem());
        assertEquals(Verdict.NOT_VERIFIED, running.result().verdict());
        running.problem("first");
        running.problem("second");
        running.finished();
        assertEquals("first", running.result().problem());
        ConnectionReplay refused = client(true, IgnoreRules.NONE);
        int[] told = {0};
        refused.onChange(() -> told[0]++);
        refused.gaveUp("could not connect to 127.0.0.1:9", UP);
        assertEquals(1, told[0]);
        refused.finished();
        assertEquals("could not connect to 127.0.0.1:9", refused.result().problem());
        assertEquals(Verdict.NOT_RUN, refused.result().verdict());
    }

    @Test
    void aWriteMeasuredAtTheSocketCountsAsLateness() {
        ConnectionReplay replay = client(true, IgnoreRules.NONE);
        replay.wrote(3_000_000);
        assertEquals(3_000, replay.lateness().maxMicros());
    }
}
