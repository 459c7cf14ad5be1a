package org.replaytcp.replay;

import java.util.Arrays;

/**
 * When each side's bytes went, recorded and live, for the report's plot: nanoseconds from the connection's
 * start. At most {@link #MAX_POINTS} points per series, so a long replay does not make a huge page.
 */
public final class Timeline {

    public static final int MAX_POINTS = 5000;

    /** One series of times. */
    public static final class Series {
        private long[] nanos = new long[8];
        private int size;
        private long offered;

        /** Adds a time; past the limit keeps every k-th, so the series still spans the whole replay. */
        public synchronized void add(long value) {
            offered++;
            if (size == MAX_POINTS) {
                // Halve: keep every other point, then accept only every second offer from now on.
                for (int i = 0; i < size / 2; i++) {
                    nanos[i] = nanos[2 * i];
                }
                size /= 2;
            }
            long stride = Math.max(1, Long.highestOneBit(Math.max(1, offered - 1) / MAX_POINTS + 1));
            if ((offered - 1) % stride != 0) {
                return;
            }
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, Math.min(MAX_POINTS, nanos.length * 2));
            }
            nanos[size++] = value;
        }

        public synchronized long[] toArray() {
            return Arrays.copyOf(nanos, size);
        }
    }

    /** Our side's segments as recorded and as sent. */
    public final Series recordedSent = new Series();

    public final Series liveSent = new Series();
    /** The peer's segments as recorded and as they arrived. */
    public final Series recordedPeer = new Series();

    public final Series livePeer = new Series();
}
