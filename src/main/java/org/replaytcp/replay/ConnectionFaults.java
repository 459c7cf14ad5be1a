package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The faults aimed at one connection in one round, in the order they fall in our direction: says for each
 * segment of ours which of them fall in it ({@link #cut}), and which were never reached.
 */
final class ConnectionFaults {

    private final List<Fault> pending;
    private boolean ended;

    ConnectionFaults(List<Fault> faults) {
        List<Fault> sorted = new ArrayList<>(faults);
        sorted.sort(Comparator.comparingLong(Fault::offset)); // stable: equal offsets keep the order given
        this.pending = sorted;
    }

    /**
     * The segment of ours at recorded offset {@code offset}, as it is to go out, or null when no fault falls in it.
     * Each fault is handed out once; after one that ends sending, none.
     */
    FaultCut cut(long offset, byte[] data) {
        if (ended || pending.isEmpty() || pending.get(0).offset() >= offset + data.length) {
            return null;
        }
        List<FaultCut.Point> points = new ArrayList<>();
        byte[] out = data;
        for (int i = 0; i < pending.size(); ) {
            Fault fault = pending.get(i);
            if (fault.offset() >= offset + data.length) {
                break;
            }
            if (fault.offset() < offset) {
                i++; // fell in bytes of ours the capture does not have: never reached
                continue;
            }
            pending.remove(i);
            int at = (int) (fault.offset() - offset);
            points.add(new FaultCut.Point(at, fault));
            if (fault.kind() == Fault.Kind.CORRUPT) {
                if (out == data) {
                    out = data.clone(); // the recorded bytes stay as recorded
                }
                out[at] = (byte) ~out[at];
            }
            if (fault.kind().endsSending()) {
                ended = true;
                break;
            }
        }
        return points.isEmpty() ? null : new FaultCut(out, points);
    }

    /** The faults that were never handed out. */
    List<Fault> unreached() {
        return List.copyOf(pending);
    }
}
