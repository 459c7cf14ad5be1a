package org.replaytcp.camel;

/** Headers the replay steps set for the steps after them. */
public final class ReplayConstants {

    /** What the next step must do with the exchange: {@code OPEN}, {@code SEND} or {@code NONE}. */
    public static final String ACTION = "CamelReplayAction";

    /** When the segment was due (clock nanos), set by the pacing step for the step that writes it. */
    public static final String DUE = "CamelReplayDue";

    public static final String ACTION_OPEN = "OPEN";
    public static final String ACTION_SEND = "SEND";
    public static final String ACTION_NONE = "NONE";

    private ReplayConstants() {
    }
}
