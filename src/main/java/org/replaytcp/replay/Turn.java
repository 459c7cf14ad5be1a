package org.replaytcp.replay;

/**
 * What one recorded event of a connection asks of the side we play, once its turn has come.
 *
 * @param kind    what to do live
 * @param data    the bytes to send ({@link Kind#SEND}), else null
 * @param virtual the event's recorded time (capture time with long pauses cut, see {@link RecordedTimeline})
 * @param offset  a send's recorded offset in our direction (gaps in the capture counted), else -1
 */
public record Turn(Kind kind, byte[] data, long virtual, long offset) {

    /** A turn that is not a send: no offset in our stream. */
    public Turn(Kind kind, byte[] data, long virtual) {
        this(kind, data, virtual, -1);
    }

    /** What to do live. */
    public enum Kind {
        /** Set the connection up (the client role connects; the server role takes the next accepted client). */
        OPEN,
        /** Send {@link #data()}. */
        SEND,
        /** Send FIN: we have nothing more to send. */
        HALF_CLOSE,
        /** Send RST, as the recorded side did. */
        RESET,
        /** The recorded connection is over: once the peer has sent its part (or stopped), close. */
        FINISH,
        /** Nothing to do live: what the recorded peer did, noted for pacing and verification. */
        NONE
    }

    static Turn none(long virtual) {
        return new Turn(Kind.NONE, null, virtual);
    }
}
