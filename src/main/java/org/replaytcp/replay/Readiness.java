package org.replaytcp.replay;

/** When a {@link Turn} may happen, as {@link ConnectionReplay#readiness} sees it now. */
public sealed interface Readiness {

    /** It may happen at {@code dueNanos} (clock nanos); {@link #NOW} when nothing holds it. */
    record At(long dueNanos) implements Readiness {}

    /** It waits for the live peer to have sent {@code bytes} in all; give up at {@code deadlineNanos}. */
    record AwaitPeer(long bytes, long deadlineNanos) implements Readiness {}

    /** It waits for the live connection to come up (connected, or accepted). */
    record AwaitLive() implements Readiness {}

    /** There is no live connection to do it on (it never came up, or broke): only count it. */
    record Skip() implements Readiness {}

    /** Due time of a turn nothing holds: at once. */
    long NOW = Long.MIN_VALUE;
}
