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

    @Test
    void theSummaryAddsBothDirectionsCounts() {
        handshake();
        // client: "abcd", then "cd" again (2 retransmitted), then "gh" ahead of a 2-byte hole (out of order)
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK, "abcd");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 3, SERVER_ISN + 1, ACK, "cd");
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 7, SERVER_ISN + 1, ACK, "gh");
        // server: "WXYZ" then "YZ" again (2), then "!" ahead of a 3-byte hole (out of order)
        send(POLYVIEW, DAQBOX, SERVER_ISN + 1, CLIENT_ISN + 5, ACK, "WXYZ");
        send(POLYVIEW, DAQBOX, SERVER_ISN + 3, CLIENT_ISN + 5, ACK, "YZ");
        send(POLYVIEW, DAQBOX, SERVER_ISN + 8, CLIENT_ISN + 5, ACK, "!");
        ConnectionSummary summary = finishAndSummarize();
        assertEquals(
                List.of(9L, 6L, 5L, 4L, 2L, 5L),
                List.of(
                        summary.packets(),
                        summary.clientToServerBytes(),
                        summary.serverToClientBytes(),
                        summary.retransmittedBytes(),
                        summary.outOfOrderSegments(),
                        summary.missingBytes()));
        assertEquals(ConnectionEnd.OPEN, summary.end());
    }

    @Test
    void interleavedConnectionsKeepTheirOwnBytes() {
        Endpoint other = Endpoint.parse("127.0.0.2:51000"); // shares the server and the client port
        Endpoint third = Endpoint.parse("127.0.0.1:51001"); // shares the client address
        for (Endpoint client : List.of(DAQBOX, other, third)) {
            send(client, POLYVIEW, CLIENT_ISN, 0, SYN, "");
        }
        String[] texts = {"aaa", "bbb", "ccc"};
        List<Endpoint> clients = List.of(DAQBOX, other, third);
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < 3; c++) {
                send(clients.get(c), POLYVIEW, CLIENT_ISN + 1 + round, 0, ACK, texts[c].substring(round, round + 1));
            }
        }
        tracker.finish();
        for (int c = 0; c < 3; c++) {
            int index = c;
            String bytes = eventsOf(TcpEvent.DataSegment.class).stream()
                    .filter(d -> d.connection().index() == index)
                    .map(d -> new String(d.data(), StandardCharsets.US_ASCII))
                    .reduce("", String::concat);
            assertEquals(texts[c], bytes, "connection " + c);
        }
        assertEquals(
                List.of(0, 1, 2), summaries.stream().map(x -> x.info().index()).toList());
    }

    @Test
    void finishReportsSummariesInTheOrderConnectionsOpened() {
        for (int i = 0; i < 40; i++) {
            send(Endpoint.parse("10.0.0." + (40 - i) + ":" + (50_000 + 7 * i)), POLYVIEW, CLIENT_ISN, 0, SYN, "");
        }
        tracker.finish();
        assertEquals(
                java.util.stream.IntStream.range(0, 40).boxed().toList(),
                summaries.stream().map(x -> x.info().index()).toList());
    }

    /** Sends as {@link #send} does, at {@code nanos} of capture time. */
    private void sendAt(long nanos, Endpoint from, Endpoint to, long seq, long ack, int flags, String payload) {
        clock = nanos - 1_000_000;
        send(from, to, seq, ack, flags, payload);
    }

    @Test
    void aClosedConnectionLingersFourMinutesThenIsRetired() {
        Endpoint other = Endpoint.parse("127.0.0.9:40000");
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK | FIN, "");
        send(POLYVIEW, DAQBOX, SERVER_ISN + 1, CLIENT_ISN + 2, ACK | FIN, ""); // closed at clock
        long closed = clock;
        sendAt(closed + 240_000_000_000L, other, POLYVIEW, 1, 0, SYN, "");
        assertEquals(List.of(), summaries, "240 s after the close: still lingering");
        sendAt(closed + 240_000_000_001L, other, POLYVIEW, 1, 0, SYN, "");
        assertEquals(List.of(0), summaries.stream().map(x -> x.info().index()).toList());
        // Its ports again, much later: a connection of its own.
        sendAt(closed + 300_000_000_000L, DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 2, ACK, "late");
        tracker.finish();
        assertEquals(
                List.of(0, 1, 2), summaries.stream().map(x -> x.info().index()).toList());
    }

    @Test
    void retiringAClosedConnectionLeavesTheOneThatReusedItsPorts() {
        handshake();
        send(DAQBOX, POLYVIEW, CLIENT_ISN + 1, SERVER_ISN + 1, ACK | FIN, "");
        send(POLYVIEW, DAQBOX, SERVER_ISN + 1, CLIENT_ISN + 2, ACK | FIN, "");
        long closed = clock;
        send(DAQBOX, POLYVIEW, 90_000, 0, SYN, ""); // connection 1 on the same ports; 0 is retired at once
        assertEquals(List.of(0), summaries.stream().map(x -> x.info().index()).toList());
        sendAt(closed + 300_000_000_000L, DAQBOX, POLYVIEW, 90_001, 0, ACK, "still 1");
        tracker.finish();
        assertEquals(
                List.of(0, 1), summaries.stream().map(x -> x.info().index()).toList());
        assertEquals(1, eventsOf(TcpEvent.DataSegment.class).get(0).connection().index());
        assertEquals("still 1", stream(Direction.CLIENT_TO_SERVER));
    }

    @Test
    void flowsWhoseKeysHashAlikeStayApart() {
        // (10.0.0.1:100, 10.0.0.2:200) and (10.0.0.1:101, 10.0.0.2:169): 31 * 100 + 200 = 31 * 101 + 169, so
        // their keys' hashes are equal; only equality tells them apart.
        Endpoint a1 = Endpoint.parse("10.0.0.1:100");
        Endpoint b1 = Endpoint.parse("10.0.0.2:200");
        Endpoint a2 = Endpoint.parse("10.0.0.1:101");
        Endpoint b2 = Endpoint.parse("10.0.0.2:169");
        send(a1, b1, 10, 0, SYN, "");
        send(a2, b2, 20, 0, SYN, "");
        send(a1, b1, 11, 0, ACK, "one");
        send(a2, b2, 21, 0, ACK, "two");
        tracker.finish();
        assertEquals(
                List.of(0, 1), summaries.stream().map(x -> x.info().index()).toList());
        assertEquals(
                List.of("0:one", "1:two"),
                eventsOf(TcpEvent.DataSegment.class).stream()
                        .map(d -> d.connection().index() + ":" + new String(d.data(), StandardCharsets.US_ASCII))
                        .toList());
    }

    @Test
    void oneClientToTwoServersInterleavedBothWays() {
        Endpoint client = Endpoint.parse("10.0.0.9:5000"); // above both servers: the high end of both keys
        Endpoint first = Endpoint.parse("10.0.0.1:80");
        Endpoint second = Endpoint.parse("10.0.0.2:80");
        send(client, first, 100, 0, SYN, "");
        send(first, client, 700, 101, SYN | ACK, "");
        send(client, second, 200, 0, SYN, "");
        send(second, client, 800, 201, SYN | ACK, "");
        for (int i = 0; i < 3; i++) {
            send(client, first, 101 + i, 701 + i, ACK, "a");
            send(first, client, 701 + i, 102 + i, ACK, "A");
            send(client, second, 201 + i, 801 + i, ACK, "b");
            send(second, client, 801 + i, 202 + i, ACK, "B");
        }
        tracker.finish();
        assertEquals(
                List.of("0 aaa AAA", "1 bbb BBB"),
                java.util.stream.IntStream.range(0, 2)
                        .mapToObj(index -> index + " " + bytesOf(index, Direction.CLIENT_TO_SERVER) + " "
                                + bytesOf(index, Direction.SERVER_TO_CLIENT))
                        .toList());
    }

    private String bytesOf(int index, Direction direction) {
        return eventsOf(TcpEvent.DataSegment.class).stream()
                .filter(d -> d.connection().index() == index && d.direction() == direction)
                .map(d -> new String(d.data(), StandardCharsets.US_ASCII))
                .reduce("", String::concat);
    }
}
