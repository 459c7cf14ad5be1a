package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
 * The per-connection core without sockets or sleeps: recorded events and live news in, due times out, read off a
 * fake clock. Times are hand-computed from each test's recording.
 */
class ConnectionReplayTest {

    private static final long MS = 1_000_000L;
    private static final ConnectionInfo INFO = new ConnectionInfo(
            0, Endpoint.parse("127.0.0.1:40000"), Endpoint.parse("127.0.0.1:11000"), RoleSource.SYN, 0);
    private static final long UP = 5_000 * MS; // when the live connection came up, on the fake clock

    private static ReplayOptions options(double speed, boolean awaitPeer) {
        return new ReplayOptions(speed, false, null, awaitPeer, Duration.ofSeconds(1));
    }

    private static ConnectionReplay client(ReplayOptions options) {
        return new ConnectionReplay(
                0, "127.0.0.1:40000", "127.0.0.1:11000", true, 0, options, IgnoreRules.NONE, true, new RunOrigin());
    }

    private static TcpEvent fromClient(String text) {
        return new TcpEvent.DataSegment(
                INFO, 0, Direction.CLIENT_TO_SERVER, 0, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static TcpEvent fromServer(String text) {
        return new TcpEvent.DataSegment(
                INFO, 0, Direction.SERVER_TO_CLIENT, 0, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static long due(Readiness readiness) {
        return assertInstanceOf(Readiness.At.class, readiness).dueNanos();
    }

    @Test
    void sendsAreDueAtTheirRecordedOffsetFromTheConnectionsStartAtTheGivenSpeed() {
        for (double speed : List.of(1.0, 2.0, 0.5)) {
            ConnectionReplay replay = client(options(speed, true));
            assertEquals(
                    Readiness.NOW, due(replay.readiness(replay.turnFor(new TcpEvent.ConnectionOpened(INFO, 0), 0), 0)));
            replay.connected(UP, "127.0.0.1:50000");
            Turn first = replay.turnFor(fromClient("a"), 10 * MS);
            Turn second = replay.turnFor(fromClient("b"), 210 * MS);
            assertEquals(UP + (long) (10 * MS / speed), due(replay.readiness(first, UP)));
            assertEquals(UP + (long) (210 * MS / speed), due(replay.readiness(second, UP)));
            assertArrayEquals("b".getBytes(StandardCharsets.US_ASCII), second.data());
        }
    }

    @Test
    void aLatePeerShiftsTheRestOfTheScheduleByItsDelay() {
        ConnectionReplay replay = client(options(1, true));
        replay.connected(UP, "127.0.0.1:50000");
        replay.turnFor(fromClient("ping"), 0);
        replay.turnFor(fromServer("pong"), 10 * MS);
        Turn next = replay.turnFor(fromClient("next"), 20 * MS);
        Readiness waiting = replay.readiness(next, UP + 15 * MS);
        assertEquals(new Readiness.AwaitPeer(4, UP + 15 * MS + 1_000 * MS), waiting);
        // The peer answers 600 ms in: "next" follows the recorded 10 ms of think time after it.
        replay.peerData("pong".getBytes(StandardCharsets.US_ASCII), 0, 4, UP + 600 * MS);
        assertEquals(UP + 610 * MS, due(replay.readiness(next, UP + 600 * MS)));
        // Later sends keep the recorded rhythm from there: shifted by 590 ms.
        Turn later = replay.turnFor(fromClient("later"), 100 * MS);
        assertEquals(UP + 690 * MS, due(replay.readiness(later, UP + 611 * MS)));
    }

    @Test
    void withoutAwaitPeerALatePeerHoldsNothing() {
        ConnectionReplay replay = client(options(1, false));
        replay.connected(UP, "127.0.0.1:50000");
        replay.turnFor(fromServer("pong"), 10 * MS);
        assertEquals(UP + 20 * MS, due(replay.readiness(replay.turnFor(fromClient("next"), 20 * MS), UP)));
    }

    @Test
    void aSilentPeerCostsOneTimeoutNotOnePerSegment() {
        ConnectionReplay replay = client(options(1, true));
        replay.connected(UP, "127.0.0.1:50000");
        replay.turnFor(fromServer("pong"), 10 * MS);
        Turn next = replay.turnFor(fromClient("next"), 20 * MS);
        assertInstanceOf(Readiness.AwaitPeer.class, replay.readiness(next, UP));
        assertEquals(Readiness.NOW, due(replay.peerTimedOut(UP + 1_000 * MS)));
        // The turn that timed out goes at once; the recorded rhythm resumes from the timeout (shifted by it).
        assertEquals(UP + 1_000 * MS, due(replay.readiness(next, UP + 1_000 * MS)));
        replay.turnFor(fromServer("pong again"), 30 * MS);
        // No more waiting for this peer: 20 ms after "next" in the recording, 20 ms after the timeout here.
        assertEquals(
                UP + 1_020 * MS, due(replay.readiness(replay.turnFor(fromClient("more"), 40 * MS), UP + 1_000 * MS)));
        replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), 50 * MS);
        replay.finished();
        assertEquals(1, replay.result().awaitTimeouts());
    }

    @Test
    void theClientRoleOpensEachConnectionAtItsRecordedOffsetFromTheFirst() {
        RunOrigin origin = new RunOrigin();
        ReplayOptions options = options(2, true);
        ConnectionReplay first =
                new ConnectionReplay(0, "a:1", "b:2", true, 100 * MS, options, IgnoreRules.NONE, true, origin);
        ConnectionReplay second =
                new ConnectionReplay(1, "a:3", "b:2", true, 800 * MS, options, IgnoreRules.NONE, true, origin);
        Turn secondOpen = second.turnFor(new TcpEvent.ConnectionOpened(INFO, 0), 800 * MS);
        assertEquals(
                Readiness.NOW,
                due(first.readiness(first.turnFor(new TcpEvent.ConnectionOpened(INFO, 0), 100 * MS), 0)));
        first.connected(UP, "x:1");
        // 700 ms later in the recording, at speed 2: 350 ms after the first came up.
        assertEquals(UP + 350 * MS, due(second.readiness(secondOpen, UP)));
    }

    @Test
    void aConnectionThatNeverCameUpSaysWhatWasExpectedOfItAndThatItNeverRan() {
        ConnectionReplay replay = client(options(1, true));
        Turn send = replay.turnFor(fromClient("hello"), 10 * MS);
        assertInstanceOf(Readiness.AwaitLive.class, replay.readiness(send, 0));
        replay.gaveUp("could not connect to 127.0.0.1:11000 within 1.0 s (Connection refused)", 0);
        assertInstanceOf(Readiness.Skip.class, replay.readiness(send, 0));
        replay.turnFor(fromServer("answer"), 20 * MS);
        replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), 30 * MS);
        replay.finished();
        ConnectionResult result = replay.result();
        assertEquals(Verdict.NOT_RUN, result.verdict());
        assertEquals(0, result.sentBytes());
        assertEquals(5, result.expectedSentBytes());
        assertEquals(6, result.expectedReceivedBytes());
        assertEquals("could not connect to 127.0.0.1:11000 within 1.0 s (Connection refused)", result.problem());
    }

    @Test
    void expectedBytesCountGapsTheSameWayInBothDirections() {
        ConnectionReplay replay = client(options(1, false));
        replay.connected(UP, "x:1");
        replay.turnFor(fromClient("abc"), 0);
        replay.turnFor(new TcpEvent.StreamGap(INFO, 0, Direction.CLIENT_TO_SERVER, 3, 100), 0);
        replay.turnFor(fromServer("de"), 0);
        replay.turnFor(new TcpEvent.StreamGap(INFO, 0, Direction.SERVER_TO_CLIENT, 2, 4344), 0);
        replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), 0);
        replay.finished();
        ConnectionResult result = replay.result();
        assertEquals(103, result.expectedSentBytes());
        assertEquals(4346, result.expectedReceivedBytes());
        assertEquals("100 bytes of ours are missing from the capture and were not sent", result.problem());
    }

    @Test
    void theEndWaitsForThePeersRecordedBytesThenCloses() {
        ConnectionReplay replay = client(options(1, false));
        replay.connected(UP, "x:1");
        replay.turnFor(fromServer("answer"), 10 * MS);
        Turn finish = replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), 30 * MS);
        assertEquals(new Readiness.AwaitPeer(6, UP + 1_000 * MS), replay.readiness(finish, UP));
        replay.peerData("answer".getBytes(StandardCharsets.US_ASCII), 0, 6, UP + 5 * MS);
        assertEquals(Readiness.NOW, due(replay.readiness(finish, UP + 5 * MS)));
        replay.finished();
        assertEquals(Verdict.IDENTICAL, replay.result().verdict());
    }

    @Test
    void aPeerThatResetsIsNamedAsSuch() {
        ConnectionReplay replay = client(options(1, false));
        replay.connected(UP, "x:1");
        Turn first = replay.turnFor(fromClient("12345"), 0);
        replay.sent(5, due(replay.readiness(first, UP)), UP + 50_000);
        replay.peerClosed(true, "Connection reset by peer", UP + MS);
        Turn second = replay.turnFor(fromClient("678"), 10 * MS);
        assertInstanceOf(Readiness.Skip.class, replay.readiness(second, UP + MS));
        replay.turnFor(new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN), 30 * MS);
        replay.finished();
        ConnectionResult result = replay.result();
        assertEquals(
                "the peer reset the connection: 5 of 8 bytes delivered (Connection reset by peer)", result.problem());
        assertEquals(50, result.lateness().maxMicros());
    }
}
