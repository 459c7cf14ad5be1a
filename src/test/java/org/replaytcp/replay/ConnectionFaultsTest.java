package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which faults fall in which segment of ours, and how the segment goes out: bytes computed by hand. */
class ConnectionFaultsTest {

    private static final byte[] TEN = {0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39}; // "0123456789"

    private static ConnectionFaults faults(String... specs) {
        return new ConnectionFaults(List.of(specs).stream().map(Fault::parse).toList());
    }

    @Test
    void aSegmentWithoutAFaultGoesOutAsRecorded() {
        ConnectionFaults faults = faults("reset@20");
        assertNull(faults.cut(0, TEN));
        assertNull(faults.cut(10, TEN)); // 10..19: byte 20 is the next segment's first
        FaultCut cut = faults.cut(20, TEN);
        assertSame(TEN, cut.data());
        assertEquals(List.of(new FaultCut.Point(0, Fault.parse("reset@20"))), cut.points());
        assertEquals(0, cut.sentLength());
    }

    @Test
    void corruptInvertsItsByteInACopy() {
        FaultCut cut = faults("corrupt@103").cut(100, TEN);
        byte[] expected = TEN.clone();
        expected[3] = (byte) 0xCC; // ~0x33
        assertArrayEquals(expected, cut.data());
        assertEquals(0x33, TEN[3]); // the recording is left alone
        assertEquals(10, cut.sentLength());
    }

    @Test
    void aFaultThatEndsSendingCutsTheSegmentAndTheFaultsAfterItAreNeverReached() {
        ConnectionFaults faults = faults("corrupt@107", "half-close@105", "stall:1@102", "reset@300");
        FaultCut cut = faults.cut(100, TEN);
        assertEquals(
                List.of(
                        new FaultCut.Point(2, Fault.parse("stall:1@102")),
                        new FaultCut.Point(5, Fault.parse("half-close@105"))),
                cut.points());
        assertEquals(5, cut.sentLength());
        assertNull(faults.cut(110, TEN));
        assertEquals(List.of(Fault.parse("corrupt@107"), Fault.parse("reset@300")), faults.unreached());
    }

    @Test
    void faultsAtOneOffsetKeepTheOrderGiven() {
        FaultCut cut = faults("stall:1@4", "corrupt@4", "close@4").cut(0, TEN);
        assertEquals(
                List.of(Fault.Kind.STALL, Fault.Kind.CORRUPT, Fault.Kind.CLOSE),
                cut.points().stream().map(p -> p.fault().kind()).toList());
        assertEquals(4, cut.sentLength());
    }

    @Test
    void aFaultInBytesTheCaptureDoesNotHaveIsNeverReached() {
        ConnectionFaults faults = faults("reset@12", "corrupt@25");
        assertNull(faults.cut(0, TEN));
        // 10..19 are a gap in the capture: the next segment of ours starts at 20
        FaultCut cut = faults.cut(20, TEN);
        assertEquals(List.of(new FaultCut.Point(5, Fault.parse("corrupt@25"))), cut.points());
        assertEquals(List.of(Fault.parse("reset@12")), faults.unreached());
    }
}
