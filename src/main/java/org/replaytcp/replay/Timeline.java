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
        /** Every stride-th time offered is kept: 1, then doubled each time the series fills up. */
        private long stride = 1;

        /**
         * Adds a time; past the limit keeps every k-th (k a power of two), evenly, so the series still spans the
         * whole replay at one density.
         */
        public synchronized void add(long value) {
            offered++;
            if ((offered - 1) % stride != 0) {
                return;
            }
            if (size == MAX_POINTS) {
                // Keep every other point, and from now on every other offer of those kept so far.
                for (int i = 0; i < size / 2; i++) {
                    nanos[i] = nanos[2 * i];
                }
                size /= 2;
                stride *= 2;
                if ((offered - 1) % stride != 0) {
                    return;
                }
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
