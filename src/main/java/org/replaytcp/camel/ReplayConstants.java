package org.replaytcp.camel;

/** Headers the replay steps set for the steps after them. */
public final class ReplayConstants {

    /** What the next step must do with the exchange: {@code OPEN}, {@code SEND} or {@code NONE}. */
    public static final String ACTION = "CamelReplayAction";

    /** When the segment was due (clock nanos), set by the pacing step for the step that writes it. */
    public static final String DUE = "CamelReplayDue";

    /**
     * On an exchange the replay sends through its own route before the first connection, to warm that path: its
     * segment goes to the in-memory channel in the exchange's {@code CamelNettyChannel} property, never out.
     */
    public static final String WARM_UP = "CamelReplayWarmUp";

    public static final String ACTION_OPEN = "OPEN";
    public static final String ACTION_SEND = "SEND";
    public static final String ACTION_NONE = "NONE";

    private ReplayConstants() {
    }
}
