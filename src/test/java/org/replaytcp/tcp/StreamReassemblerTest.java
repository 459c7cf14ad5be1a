package org.replaytcp.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replaytcp.packet.Endpoint;

/**
 * One direction put back in order, segment by segment, with the events and counters written out by hand: offsets
 * from the SYN (or the first byte seen), retransmissions counted once, pieces ahead of a hole kept without their
 * overlaps, holes turned into gaps by an acknowledgment, a FIN or the end, and the caps on what may wait.
 */
class StreamReassemblerTest {

    private static final ConnectionInfo INFO = new ConnectionInfo(
            0, Endpoint.parse("127.0.0.1:40000"), Endpoint.parse("127.0.0.1:11000"), RoleSource.SYN, 0);

    private final List<String> events = new ArrayList<>();
    private final StreamReassembler stream = reassembler(true);

    private StreamReassembler reassembler(boolean payloadWanted) {
        return new StreamReassembler(INFO, Direction.CLIENT_TO_SERVER, this::note, payloadWanted);
    }

    /** data@OFFSET:TEXT, gap@OFFSET+LENGTH, fin@OFFSET. */
    private void note(TcpEvent event) {
        if (event instanceof TcpEvent.DataSegment data) {
            events.add("data@" + data.streamOffset() + ":" + new String(data.data(), StandardCharsets.ISO_8859_1));
        } else if (event instanceof TcpEvent.StreamGap gap) {
            events.add("gap@" + gap.streamOffset() + "+" + gap.length());
        } else if (event instanceof TcpEvent.HalfClose fin) {
            events.add("fin@" + fin.streamOffset());
        } else {
            events.add(event.toString());
        }
    }

    private void offer(long sequence, String text) {
        offer(stream, sequence, text);
    }

    private static void offer(StreamReassembler into, long sequence, String text) {
        // In a frame with other bytes around it, as a reader hands it over.
        byte[] frame = ("<<" + text + ">>").getBytes(StandardCharsets.ISO_8859_1);
        into.offer(sequence, frame, 2, text.length(), 0, 0);
    }

    private String counts() {
        return "delivered=" + stream.deliveredBytes() + " retransmitted=" + stream.retransmittedBytes() + " outOfOrder="
                + stream.outOfOrderSegments() + " missing=" + stream.missingBytes();
    }

    @Test
    void inOrderFromTheSynToTheFin() {
        assertFalse(stream.started());
        assertEquals(-1, stream.initialSequence());
        stream.synchronize(999);
        stream.synchronize(5); // a repeated SYN changes nothing
        assertTrue(stream.synchronizedBySyn());
        assertEquals(999, stream.initialSequence());
        offer(1000, "abc");
        offer(1003, "de");
        assertFalse(stream.halfClosed());
        stream.finish(1005, 0);
        assertTrue(stream.halfClosed());
        assertEquals(List.of("data@0:abc", "data@3:de", "fin@5"), events);
        assertEquals("delivered=5 retransmitted=0 outOfOrder=0 missing=0", counts());
    }

    @Test
    void withoutASynTheFirstByteSeenIsOffsetZero() {
        offer(5000, "xy");
        assertTrue(stream.started());
        assertFalse(stream.synchronizedBySyn());
        assertEquals(4999, stream.initialSequence());
        assertEquals(List.of("data@0:xy"), events);
    }

    @Test
    void sequenceNumbersWrapAround() {
        stream.synchronize(0xFFFF_FFFEL);
        offer(0xFFFF_FFFFL, "a");
        offer(0, "bc");
        offer(2, "d");
        assertEquals(List.of("data@0:a", "data@1:bc", "data@3:d"), events);
    }

    @Test
    void retransmissionsAreDeliveredOnceAndCounted() {
        stream.synchronize(99);
        offer(100, "abc");
        offer(100, "abc"); // all of it again
        offer(101, "bcde"); // two old bytes, two new
        assertEquals(List.of("data@0:abc", "data@3:de"), events);
        assertEquals("delivered=5 retransmitted=5 outOfOrder=0 missing=0", counts());
    }

    @Test
    void piecesAheadOfAHoleWaitWithoutTheirOverlaps() {
        stream.synchronize(99);
        offer(100, "abc"); // next: 3
        offer(105, "fg"); // waits at [5, 7)
        offer(104, "eFGh"); // [4, 5) and [7, 8) are new; FG over [5, 7) is a repeat
        offer(106, "Ghi"); // G over [6, 7) a repeat, then h over [7, 8) a repeat, i at [8, 9) new
        assertEquals(List.of("data@0:abc"), events);
        offer(103, "d");
        assertEquals(List.of("data@0:abc", "data@3:d", "data@4:e", "data@5:fg", "data@7:h", "data@8:i"), events);
        assertEquals("delivered=9 retransmitted=4 outOfOrder=3 missing=0", counts());
    }

    @Test
    void aWaitingPieceThatTheDeliveredBytesReachIsTrimmed() {
        stream.synchronize(99);
        offer(100, "ab");
        offer(104, "ef"); // waits at [4, 6)
        offer(102, "cdE"); // delivers [2, 5): the waiting piece's first byte is now a repeat
        assertEquals(List.of("data@0:ab", "data@2:cdE", "data@5:f"), events);
        assertEquals("delivered=6 retransmitted=1 outOfOrder=1 missing=0", counts());
    }

    @Test
    void aWaitingPieceTheDeliveredBytesCoverWhollyIsARepeat() {
        stream.synchronize(99);
        offer(100, "ab");
        offer(104, "ef"); // waits at [4, 6)
        offer(102, "cdEF"); // delivers [2, 6): all of the waiting piece again
        assertEquals(List.of("data@0:ab", "data@2:cdEF"), events);
        assertEquals("delivered=6 retransmitted=2 outOfOrder=1 missing=0", counts());
    }

    @Test
    void anAcknowledgmentPastAHoleMakesItAGap() {
        stream.acknowledged(500, 0); // before anything: ignored
        stream.synchronize(99);
        offer(100, "ab");
        offer(105, "fg");
        stream.acknowledged(101, 0); // behind what was delivered: nothing
        stream.acknowledged(100 + (1L << 30) + 3, 0); // implausibly far: not about this stream
        assertEquals(List.of("data@0:ab"), events);
        stream.acknowledged(107, 0);
        assertEquals(List.of("data@0:ab", "gap@2+3", "data@5:fg"), events);
        assertEquals("delivered=4 retransmitted=0 outOfOrder=1 missing=3", counts());
    }

    @Test
    void anAcknowledgmentPastTheFinFlushesEverything() {
        stream.synchronize(99);
        offer(100, "ab");
        offer(104, "ef");
        stream.finish(106, 0);
        stream.finish(200, 0); // the first FIN counts
        assertEquals(List.of("data@0:ab"), events);
        stream.acknowledged(107, 0);
        assertEquals(List.of("data@0:ab", "gap@2+2", "data@4:ef", "fin@6"), events);
    }

    @Test
    void flushReportsHolesUpToWhatWasAcknowledged() {
        stream.synchronize(99);
        offer(100, "ab");
        stream.acknowledged(105, 0); // nothing waits: no gap yet
        assertEquals(List.of("data@0:ab"), events);
        stream.flush(0);
        assertEquals(List.of("data@0:ab", "gap@2+3"), events);
    }

    @Test
    void flushDeliversWhatWaitsBehindSeveralHoles() {
        stream.synchronize(99);
        offer(102, "c");
        offer(105, "f");
        stream.flush(0);
        assertEquals(List.of("gap@0+2", "data@2:c", "gap@3+2", "data@5:f"), events);
    }

    @Test
    void bytesCutBySnapLengthAreAGapAtOnce() {
        stream.synchronize(99);
        byte[] frame = "abc".getBytes(StandardCharsets.ISO_8859_1);
        stream.offer(100, frame, 0, 2, 3, 0);
        offer(105, "f");
        assertEquals(List.of("data@0:ab", "gap@2+3", "data@5:f"), events);
        assertEquals("delivered=3 retransmitted=0 outOfOrder=0 missing=3", counts());
    }

    @Test
    void aFinBeforeAnyDataClosesAtOffsetZero() {
        stream.finish(500, 0);
        assertEquals(List.of("fin@0"), events);
    }

    @Test
    void withoutPayloadOnlyTheCountsAreKept() {
        StreamReassembler counting = reassembler(false);
        counting.synchronize(99);
        offer(counting, 100, "abc");
        offer(counting, 103, "d");
        assertEquals(List.of(), events);
        assertEquals(4, counting.deliveredBytes());
    }

    @Test
    @Tag("slow") // left out of mutation testing (pom.xml): seconds per mutant there
    void atMost65536PiecesWaitBehindAHole() {
        stream.synchronize(99);
        for (int i = 1; i <= StreamReassembler.MAX_PENDING_SEGMENTS; i++) {
            offer(100 + 2L * i, "x"); // every other byte: no two pieces touch
        }
        assertEquals(List.of(), events, "65536 waiting pieces are allowed");
        offer(100 + 2L * (StreamReassembler.MAX_PENDING_SEGMENTS + 1), "x");
        assertEquals(List.of("gap@0+2", "data@2:x"), events.subList(0, 2), "the 65537th gives up on the first hole");
    }

    @Test
    @Tag("slow") // left out of mutation testing (pom.xml): seconds per mutant there
    void atMost32MiBWaitBehindAHole() {
        stream.synchronize(99);
        int limit = (int) StreamReassembler.MAX_PENDING_BYTES;
        stream.offer(101, new byte[limit], 0, limit, 0, 0);
        assertEquals(List.of(), events, "32 MiB waiting are allowed");
        offer(101L + limit + 1, "y");
        assertEquals("gap@0+1", events.get(0), "a byte more gives up on the hole");
        assertEquals(limit, stream.deliveredBytes());
    }
}
