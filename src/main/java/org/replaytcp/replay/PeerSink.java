package org.replaytcp.replay;

/** Where a live connection reports what its peer does: bytes, and the end of them. */
public interface PeerSink {

    /**
     * The peer sent {@code length} bytes of {@code data} from {@code from}; they arrived at {@code nanos}. The array
     * is lent for this call only (the reading thread reuses it): copy what you keep.
     */
    void peerData(byte[] data, int from, int length, long nanos);

    /**
     * The peer will send nothing more: it half-closed ({@code reset} false; we may still send), or reset the
     * connection ({@code cause} says how it showed).
     */
    void peerClosed(boolean reset, String cause, long nanos);
}
