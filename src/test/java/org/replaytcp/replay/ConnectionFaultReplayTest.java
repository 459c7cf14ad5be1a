package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * Faults in the per-connection core, on a fake clock: where they fall, how they move or end the schedule, and what
 * the outcome says of them and of the peer's reaction. Times and counts are hand-computed from each recording.
 */
class ConnectionFaultReplayTest {

    private static final long MS = 1_000_000L;
    private static final ConnectionInfo INFO = new ConnectionInfo(
            0, Endpoint.parse("127.0.0.1:40000"), Endpoint.parse("127.0.0.1:11000"), RoleSource.SYN, 0);
    private static final long UP = 5_000 * MS;

    private static ConnectionReplay client(String... faults) {
        ConnectionReplay replay = new ConnectionReplay(
                0,
                "127.0.0.1:40000",
                "127.0.0.1:11000",
                true,
                0,
                new ReplayOptions(1, false, null, true, Duration.ofSeconds(1)),
                IgnoreRules.NONE,
                true,
                new RunOrigin());
        replay.aim(List.of(faults).stream().map(Fault::parse).toList());
        replay.connected(UP, "127.0.0.1:50000");
        return replay;
    }

    private static TcpEvent data(Direction direction, String text) {
        return new TcpEvent.DataSegment(INFO, 0, direction, 0, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static TcpEvent ours(String text) {
        return data(Direction.CLIENT_TO_SERVER, text);
    }

    private static TcpEvent theirs(String text) {
        return data(Direction.SERVER_TO_CLIENT, text);
    }

    private static TcpEvent closed() {
        return new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.FIN);
    }

    private static long due(Readiness readiness) {
        return assertInstanceOf(Readiness.At.class, readiness).dueNanos();
    }

    private static void send(ConnectionReplay replay, Turn turn, long nanos) {
        FaultCut cut = replay.cut(turn.offset(), turn.data());
        replay.sent(cut == null ? turn.data().length : cut.sentLength(), Readiness.NOW, nanos);
    }

    @Test
    void sendsCarryTheirOffsetInOurDirectionGapsCounted() {
        ConnectionReplay replay = client();
        assertEquals(0, replay.turnFor(ours("abc"), 0).offset());
        replay.turnFor(theirs("xy"), MS);
        replay.turnFor(new TcpEvent.StreamGap(INFO, 0, Direction.CLIENT_TO_SERVER, 3, 4), 2 * MS);
        assertEquals(7, replay.turnFor(ours("def"), 3 * MS).offset());
    }

    @Test
    void aStallMovesTheRestOfTheScheduleByItsLength() {
        ConnectionReplay replay = client("stall:0.5@4");
        Turn first = replay.turnFor(ours("abc"), 10 * MS);
        Turn second = replay.turnFor(ours("def"), 30 * MS);
        Turn third = replay.turnFor(ours("ghi"), 50 * MS);
        assertEquals(UP + 10 * MS, due(replay.readiness(first, UP)));
        assertNull(replay.cut(first.offset(), first.data()));
        assertEquals(UP + 30 * MS, due(replay.readiness(second, UP + 11 * MS)));
        FaultCut cut = replay.cut(second.offset(), second.data());
        assertEquals(List.of(new FaultCut.Point(1, Fault.parse("stall:0.5@4"))), cut.points());
        assertEquals(3, cut.sentLength()); // a stall sends everything, later
        assertEquals(UP + 550 * MS, due(replay.readiness(third, UP + 31 * MS)));
    }

    @Test
    void aResetEndsOurSendingAndTheConnectionFinishesWithoutWaitingForThePeer() {
        ConnectionReplay replay = client("reset@2");
        Turn first = replay.turnFor(ours("abc"), 10 * MS);
        replay.turnFor(theirs("answer"), 20 * MS);
        Turn second = replay.turnFor(ours("def"), 30 * MS);
        Turn finish = replay.turnFor(closed(), 40 * MS);
        send(replay, first, UP + 10 * MS);
        replay.injected(Fault.parse("reset@2"), UP + 10 * MS);
        replay.peerClosed(false, null, UP + 11 * MS); // our own reset, as the channel reports it
        assertInstanceOf(Readiness.Skip.class, replay.readiness(second, UP + 12 * MS));
        assertEquals(Readiness.NOW, due(replay.readiness(finish, UP + 12 * MS)));
        replay.finished();
        ConnectionResult result = replay.result();
        assertEquals(2, result.sentBytes());
        assertEquals("fault reset@2: 2 of 6 bytes delivered", result.problem());
        assertEquals(List.of(new InjectedFault("reset@2", true, 10_000, 0, 0, null, -1, false)), result.faults());
        assertEquals(
                "fault reset@2 at 0.010 s: the peer had sent 0 bytes; we read nothing after it",
                result.faults().get(0).describe(result.sentBytes()));
    }

    @Test
    void aHalfCloseWaitsForThePeerAndTellsWhatItSentAfterAndWhenItClosed() {
        ConnectionReplay replay = client("half-close@3");
        Turn first = replay.turnFor(ours("abc"), 10 * MS);
        replay.turnFor(theirs("answer"), 20 * MS);
        Turn second = replay.turnFor(ours("def"), 30 * MS);
        Turn finish = replay.turnFor(closed(), 40 * MS);
        replay.peerData("hi".getBytes(StandardCharsets.US_ASCII), 0, 2, UP + 5 * MS);
        send(replay, first, UP + 10 * MS);
        FaultCut cut = replay.cut(second.offset(), second.data());
        assertEquals(0, cut.sentLength());
        replay.injected(Fault.parse("half-close@3"), UP + 30 * MS);
        assertInstanceOf(Readiness.Skip.class, replay.readiness(second, UP + 30 * MS));
        // The recorded peer sent 6 bytes: the end waits for them, or for the peer's close.
        assertInstanceOf(Readiness.AwaitPeer.class, replay.readiness(finish, UP + 31 * MS));
        replay.peerData("bye!".getBytes(StandardCharsets.US_ASCII), 0, 4, UP + 100 * MS);
        replay.peerClosed(false, null, UP + 230 * MS);
        assertEquals(Readiness.NOW, due(replay.readiness(finish, UP + 231 * MS)));
        replay.closing();
        replay.finished();
        ConnectionResult result = replay.result();
        assertEquals("fault half-close@3: 3 of 6 bytes delivered", result.problem());
        InjectedFault fault = result.faults().get(0);
        assertEquals(new InjectedFault("half-close@3", true, 30_000, 2, 4, "closed", 200_000, true), fault);
        assertEquals(
                "fault half-close@3 at 0.030 s: the peer sent 4 bytes after it and closed the connection 0.200 s later",
                fault.describe(3));
    }

    @Test
    void ourOwnCloseIsNotThePeersReactionAndAFaultPastTheEndIsNotReached() {
        ConnectionReplay replay = client("corrupt@1", "reset@100");
        Turn first = replay.turnFor(ours("abc"), 10 * MS);
        Turn finish = replay.turnFor(closed(), 40 * MS);
        send(replay, first, UP + 10 * MS);
        replay.injected(Fault.parse("corrupt@1"), UP + 10 * MS);
        assertEquals(Readiness.NOW, due(replay.readiness(finish, UP + 40 * MS))); // the recorded peer sent nothing
        replay.closing();
        replay.peerClosed(false, null, UP + 41 * MS);
        replay.finished();
        ConnectionResult result = replay.result();
        assertNull(result.problem());
        assertEquals(
                List.of(
                        new InjectedFault("corrupt@1", true, 10_000, 0, 0, null, -1, true),
                        new InjectedFault("reset@100", false, -1, 0, 0, null, -1, false)),
                result.faults());
        assertEquals(
                "fault corrupt@1 at 0.010 s: the peer sent 0 bytes after it and did not end the connection",
                result.faults().get(0).describe(3));
        assertEquals(
                "fault reset@100 not reached: the connection sent 3 bytes",
                result.faults().get(1).describe(3));
    }
}
