package org.replaytcp.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.replaytcp.testing.Frames.ACK;
import static org.replaytcp.testing.Frames.FIN;
import static org.replaytcp.testing.Frames.RST;
import static org.replaytcp.testing.Frames.SYN;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.packet.TcpSegment;

/** Reassembly from hand-made segments: every expected byte and offset is worked out in the test. */
class ConnectionTrackerTest {

    private static final Endpoint DAQBOX = Endpoint.parse("127.0.0.1:51000");
    private static final Endpoint POLYVIEW = Endpoint.parse("127.0.0.1:11000");
    private static final long CLIENT_ISN = 1000;
    private static final long SERVER_ISN = 5000;

    private final List<TcpEvent> events = new ArrayList<>();
    private final List<ConnectionSummary> summaries = new ArrayList<>();
    private ConnectionTracker tracker =
            new ConnectionTracker(ServerInference.fromPortsOnly(null), events::add, summaries::add);
    private long clock;

    private void send(Endpoint from, Endpoint to, long seq, long ack, int flags, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        clock += 1_000_000;
        tracker.accept(new TcpSegment(
                clock, clock, from, to, seq & 0xFFFFFFFFL, ack & 0xFFFFFFFFL, flags, bytes, 0, bytes.length, 0));
    }

    private void handshake() {
        send(DAQBOX, POLYVIEW, CLIENT_ISN, 0, SYN, "");
        send(POLYVIEW, DAQBOX, SERVER_ISN, CLIENT_ISN + 1, SYN | ACK, "");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "");
    }

    private String stream(Direction direction) {
        StringBuilder s = new StringBuilder();
        for (TcpEvent event : events) {
            if (event instanceof TcpEvent.DataSegment data && data.direction() == direction) {
                s.append(new String(data.data(), StandardCharsets.US_ASCII));
            } else if (event instanceof TcpEvent.StreamGap gap && gap.direction() == direction) {
                s.append("<gap ")
                        .append(gap.length())
                        .append(" at ")
                        .append(gap.streamOffset())
                        .append('>');
            }
        }
        return s.toString();
    }

    private <T extends TcpEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private ConnectionSummary finishAndSummarize() {
        tracker.finish();
        return summaries.get(summaries.size() - 1);
    }

    @Test
    void followsAWholeConversationFromSynToFin() {
        handshake();
        send(POLYVIEW, DAQBOX, SERVER_ISN + 1, CLIENT_ISN + 1, ACK, "HELLO");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 6, ACK, "frame1");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 7, SERVER_ISN + 6, ACK | FIN, "");
        send(POLYVIEW, DAQBOX, SERVER_ISN + 6, CLIENT_ISN + 8, ACK | FIN, "");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 8, SERVER_ISN + 7, ACK, "");

        assertEquals(
                List.of("ConnectionOpened", "DataSegment", "DataSegment", "HalfClose", "HalfClose", "ConnectionClosed"),
                events.stream().map(e -> e.getClass().getSimpleName()).toList());
        ConnectionInfo info = events.get(0).connection();
        assertEquals(DAQBOX, info.client());
        assertEquals(POLYVIEW, info.server());
        assertEquals(RoleSource.SYN, info.roleFrom());
        TcpEvent.DataSegment greeting = eventsOf(TcpEvent.DataSegment.class).get(0);
        assertEquals(Direction.SERVER_TO_CLIENT, greeting.direction());
        assertEquals(0, greeting.streamOffset());
        assertEquals(4_000_000, greeting.timestampNanos());
        assertEquals("frame1", stream(Direction.CLIENT_TO_SERVER));
        assertEquals(6, eventsOf(TcpEvent.HalfClose.class).get(0).streamOffset());
        assertEquals(
                ConnectionEnd.FIN,
                eventsOf(TcpEvent.ConnectionClosed.class).get(0).end());

        ConnectionSummary summary = finishAndSummarize();
        assertEquals(8, summary.packets());
        assertEquals(6, summary.clientToServerBytes());
        assertEquals(5, summary.serverToClientBytes());
        assertEquals(ConnectionEnd.FIN, summary.end());
        assertEquals(7_000_000, summary.durationNanos());
    }

    @Test
    void dropsRetransmittedBytes() {
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "abcdef");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "abcdef");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 7, SERVER_ISN + 1, ACK, "gh");
        assertEquals("abcdefgh", stream(Direction.CLIENT_TO_SERVER));
        assertEquals(6, finishAndSummarize().retransmittedBytes());
    }

    @Test
    void keepsOverlappingBytesOnceTheFirstCopyWinning() {
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "0123456789");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 6, SERVER_ISN + 1, ACK, "XXXXXabcde"); // 5 old bytes, 5 new
        assertEquals("0123456789abcde", stream(Direction.CLIENT_TO_SERVER));
        assertEquals(5, finishAndSummarize().retransmittedBytes());
    }

    @Test
    void putsOutOfOrderSegmentsInOrder() {
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 11, SERVER_ISN + 1, ACK, "klmnopqrst");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 21, SERVER_ISN + 1, ACK, "uvw");
        assertEquals("", stream(Direction.CLIENT_TO_SERVER));
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "abcdefghij");
        assertEquals("abcdefghijklmnopqrstuvw", stream(Direction.CLIENT_TO_SERVER));
        List<TcpEvent.DataSegment> data = eventsOf(TcpEvent.DataSegment.class);
        assertEquals(
                List.of(0L, 10L, 20L),
                data.stream().map(TcpEvent.DataSegment::streamOffset).toList());
        // The held-back segments are delivered at the time of the packet that completed them.
        assertEquals(
                Set.of(6_000_000L),
                data.stream().map(TcpEvent::timestampNanos).collect(java.util.stream.Collectors.toSet()));
        assertEquals(2, finishAndSummarize().outOfOrderSegments());
    }

    @Test
    void followsSequenceNumbersAcrossTheirWrapAround() {
        long isn = 0xFFFF_FFF0L;
        send(DAQBOX, POLYVIEW, isn, 0, SYN, "");
        send(POLYVIEW, DAQBOX, SERVER_ISN, isn + 1, SYN | ACK, "");
        send(DAQBOX, POLYVIEW, isn + 1, SERVER_ISN + 1, ACK, "0123456789abcdef"); // 0xFFFFFFF1..0x00000000
        send(DAQBOX, POLYVIEW, isn + 17, SERVER_ISN + 1, ACK, "ghij"); // wrapped: 0x00000001
        send(DAQBOX, POLYVIEW, isn + 1, SERVER_ISN + 1, ACK, "0123456789abcdef"); // retransmission
        assertEquals("0123456789abcdefghij", stream(Direction.CLIENT_TO_SERVER));
        assertEquals(16, eventsOf(TcpEvent.DataSegment.class).get(1).streamOffset());
    }

    @Test
    void reportsBytesTheCaptureMissedAsAGapOnceThePeerAcknowledgesThem() {
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "abcdefghij");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 21, SERVER_ISN + 1, ACK, "uvwxyz"); // 10..20 never captured
        assertEquals("abcdefghij", stream(Direction.CLIENT_TO_SERVER));
        send(POLYVIEW, DAQBOX, SERVER_ISN + 1, CLIENT_ISN + 27, ACK, "");
        assertEquals("abcdefghij<gap 10 at 10>uvwxyz", stream(Direction.CLIENT_TO_SERVER));
        assertEquals(10, finishAndSummarize().missingBytes());
    }

    @Test
    void reportsBytesCutBySnapLengthAsAGapRightAway() {
        handshake();
        byte[] cut = "abc".getBytes(StandardCharsets.US_ASCII);
        tracker.accept(new TcpSegment(9, 9, DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, cut, 0, 3, 7));
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 11, SERVER_ISN + 1, ACK, "klm");
        assertEquals("abc<gap 7 at 3>klm", stream(Direction.CLIENT_TO_SERVER));
    }

    @Test
    void flushesWhatWaitsBehindAHoleWhenTheCaptureEnds() {
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 5, SERVER_ISN + 1, ACK, "efg");
        tracker.finish();
        assertEquals("<gap 4 at 0>efg", stream(Direction.CLIENT_TO_SERVER));
        assertEquals(
                ConnectionEnd.OPEN,
                eventsOf(TcpEvent.ConnectionClosed.class).get(0).end());
    }

    @Test
    void infersTheServerFromAnEphemeralClientPortWhenThereIsNoSyn() {
        send(POLYVIEW, DAQBOX, 777, 333, ACK, "status");
        send(DAQBOX, POLYVIEW, 333, 783, ACK, "frame");
        ConnectionInfo info = events.get(0).connection();
        assertEquals(POLYVIEW, info.server());
        assertEquals(RoleSource.INFERRED, info.roleFrom());
        assertEquals("frame", stream(Direction.CLIENT_TO_SERVER));
        assertEquals("status", stream(Direction.SERVER_TO_CLIENT));
    }

    @Test
    void infersTheServerFromAPortThatListensElsewhereInTheCapture() {
        Endpoint a = Endpoint.parse("10.0.0.1:40000");
        Endpoint b = Endpoint.parse("10.0.0.2:50000"); // both ephemeral-looking: only the scan can tell
        tracker = new ConnectionTracker(new ServerInference(null, () -> Set.of(b)), events::add, summaries::add);
        send(b, a, 1, 1, ACK, "x");
        assertEquals(b, events.get(0).connection().server());
    }

    @Test
    void letsAnExplicitServerPortDecide() {
        Endpoint a = Endpoint.parse("10.0.0.1:4000");
        Endpoint b = Endpoint.parse("10.0.0.2:5000");
        tracker = new ConnectionTracker(ServerInference.fromPortsOnly(5000), events::add, summaries::add);
        send(b, a, 1, 1, ACK, "x");
        assertEquals(b, events.get(0).connection().server());
    }

    @Test
    void startsANewConnectionWhenASynReusesThePortsOfAClosedOne() {
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK | FIN, "");
        send(POLYVIEW, DAQBOX, SERVER_ISN + 1, CLIENT_ISN + 2, ACK | FIN, "");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 2, SERVER_ISN + 2, ACK, "");
        send(DAQBOX, POLYVIEW, 90_000, 0, SYN, "");
        send(DAQBOX, POLYVIEW, 90_000, 0, SYN, ""); // a retransmitted SYN is the same connection
        send(POLYVIEW, DAQBOX, 70_000, 90_001, SYN | ACK, "");
        send(DAQBOX, POLYVIEW, 90_001, 70_001, ACK, "again");
        List<TcpEvent.ConnectionOpened> opened = eventsOf(TcpEvent.ConnectionOpened.class);
        assertEquals(
                List.of(0, 1), opened.stream().map(o -> o.connection().index()).toList());
        assertEquals(1, eventsOf(TcpEvent.DataSegment.class).get(0).connection().index());
        tracker.finish();
        assertEquals(
                List.of(6L, 4L),
                summaries.stream().map(ConnectionSummary::packets).toList());
    }

    @Test
    void endsTheConnectionOnReset() {
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "abc");
        send(POLYVIEW, DAQBOX, SERVER_ISN + 1, 0, RST, "");
        TcpEvent.ConnectionReset reset = assertInstanceOf(TcpEvent.ConnectionReset.class, events.get(2));
        assertEquals(Direction.SERVER_TO_CLIENT, reset.direction());
        assertEquals(
                ConnectionEnd.RST,
                assertInstanceOf(TcpEvent.ConnectionClosed.class, events.get(3)).end());
        assertEquals(ConnectionEnd.RST, finishAndSummarize().end());
    }

    @Test
    void takesTheRolesFromASynAckSeenBeforeItsSyn() {
        send(POLYVIEW, DAQBOX, SERVER_ISN, CLIENT_ISN + 1, SYN | ACK, "");
        send(DAQBOX, POLYVIEW, CLIENT_ISN, 0, SYN, "");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "hi");
        assertEquals(1, eventsOf(TcpEvent.ConnectionOpened.class).size());
        assertEquals(DAQBOX, events.get(0).connection().client());
        assertEquals(RoleSource.SYN, events.get(0).connection().roleFrom());
        assertEquals("hi", stream(Direction.CLIENT_TO_SERVER));
    }

    @Test
    void deliversDataCarriedOnTheSyn() {
        send(DAQBOX, POLYVIEW, CLIENT_ISN, 0, SYN, "fast");
        assertArrayEquals(
                "fast".getBytes(StandardCharsets.US_ASCII),
                eventsOf(TcpEvent.DataSegment.class).get(0).data());
    }
}
