package org.replaytcp.replay;

import java.util.List;

/**
 * How one recorded segment of ours goes out when faults fall in it: the bytes to send (a copy, with any
 * corrupted byte changed) and the faults at their positions in it, in order. Sending stops at the first fault
 * that {@linkplain Fault.Kind#endsSending ends sending}: the bytes from there on are not sent.
 *
 * @param data   the segment as it is to go out
 * @param points where each fault happens: before byte {@code at} of {@code data}
 */
public record FaultCut(byte[] data, List<Point> points) {

    /** A fault before byte {@code at} of the segment (corrupt: the byte it changed). */
    public record Point(int at, Fault fault) {}

    public FaultCut {
        points = List.copyOf(points);
    }

    /** The bytes of this segment that go out: up to the fault that ends sending, if one falls in it. */
    public int sentLength() {
        for (Point point : points) {
            if (point.fault().kind().endsSending()) {
                return point.at();
            }
        }
        return data.length;
    }
}
