package org.replaytcp.replay;

/** Time for the pacing: a monotonic reading. Tests use a fake that moves only when told. */
public interface ReplayClock {

    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();
}
