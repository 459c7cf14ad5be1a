package org.replaytcp.packet;

/**
 * The TCP part of one captured packet, with its payload left in the packet's own array (no copy).
 *
 * @param frameNumber          the packet's frame number in the capture
 * @param timestampNanos       capture time, nanoseconds since the epoch
 * @param source               sender
 * @param destination          receiver
 * @param sequence             sequence number (unsigned 32-bit)
 * @param acknowledgment       acknowledgment number (unsigned 32-bit), meaningful when {@link #ack()}
 * @param flags                the TCP flag bits (FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10)
 * @param frame                the captured packet bytes
 * @param payloadOffset        where the payload starts in {@code frame}
 * @param capturedPayload      how many payload bytes the capture holds
 * @param missingPayload       payload bytes the sender sent that the capture cut off (snap length)
 */
public record TcpSegment(
        long frameNumber,
        long timestampNanos,
        Endpoint source,
        Endpoint destination,
        long sequence,
        long acknowledgment,
        int flags,
        byte[] frame,
        int payloadOffset,
        int capturedPayload,
        int missingPayload) {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    public boolean fin() {
        return (flags & FIN) != 0;
    }

    public boolean syn() {
        return (flags & SYN) != 0;
    }

    public boolean rst() {
        return (flags & RST) != 0;
    }

    public boolean ack() {
        return (flags & ACK) != 0;
    }

    /** Payload length as sent, captured or not. */
    public int payloadLength() {
        return capturedPayload + missingPayload;
    }
}
