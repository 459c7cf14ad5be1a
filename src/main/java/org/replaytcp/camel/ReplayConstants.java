package org.replaytcp.camel;

/** Headers the replay steps set for the steps after them. */
public final class ReplayConstants {

    /** What the next step must do with the exchange: {@code OPEN}, {@code SEND} or {@code NONE}. */
    public static final String ACTION = "CamelReplayAction";

    /** When the segment was due (clock nanos), set by the pacing step for the step that writes it. */
    public static final String DUE = "CamelReplayDue";

    /** On a {@code SEND}: the segment's recorded offset in our direction, from 0 in each connection ({@code Long}). */
    public static final String OFFSET = "CamelReplayOffset";

    /**
     * Set by the faults step on a segment a fault cuts short: how many of its bytes go out ({@code Integer}); the
     * steps that count what was sent read it.
     */
    public static final String SENT_LENGTH = "CamelReplaySentLength";

    /**
     * An exchange property, not a header: a {@code SEND}'s place among its connection's sends ({@code Long}), by which
     * the push step writes them in that order whatever thread each reaches it on.
     */
    static final String SEND_SEQUENCE = "CamelReplaySendSequence";

    /**
     * On an exchange the replay sends through its own route before the first connection, to warm that path: its
     * segment goes to the in-memory channel in the exchange's {@code CamelNettyChannel} property, never out.
     */
    public static final String WARM_UP = "CamelReplayWarmUp";

    /**
     * An exchange property beside {@link #WARM_UP}: the made-up connection ({@code LiveLink}) on the in-memory
     * channel, through which the push step writes the warm-up segment the way it writes a recorded one.
     */
    static final String WARM_UP_LINK = "CamelReplayWarmUpLink";

    /** On the message to {@code replay.done-uri}: whether every connection went as recorded ({@code Boolean}). */
    public static final String SUCCEEDED = "CamelReplaySucceeded";

    /** On the message to {@code replay.done-uri}: how many connections were replayed, over all roles ({@code Integer}). */
    public static final String CONNECTIONS = "CamelReplayConnections";

    /**
     * On the message to {@code replay.done-uri}: how many connections got each verdict, by its report name
     * ({@code identical}, {@code differs}, {@code not-run}, ...; a {@code Map<String, Integer>}).
     */
    public static final String VERDICTS = "CamelReplayVerdicts";

    /** On the message to {@code replay.done-uri}: how long the replay took, in seconds ({@code Double}). */
    public static final String DURATION = "CamelReplayDuration";

    public static final String ACTION_OPEN = "OPEN";
    public static final String ACTION_SEND = "SEND";
    public static final String ACTION_NONE = "NONE";

    private ReplayConstants() {}
}
