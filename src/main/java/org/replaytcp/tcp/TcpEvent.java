package org.replaytcp.tcp;

/**
 * What the reassembly of a capture yields, in capture order.
 *
 * <p>Every event names its connection and the capture time of the packet that caused it.
 */
public sealed interface TcpEvent
        permits TcpEvent.ConnectionOpened,
                TcpEvent.DataSegment,
                TcpEvent.StreamGap,
                TcpEvent.HalfClose,
                TcpEvent.ConnectionReset,
                TcpEvent.ConnectionClosed {

    ConnectionInfo connection();

    long timestampNanos();

    /** The first packet of a connection was seen. */
    record ConnectionOpened(ConnectionInfo connection, long timestampNanos) implements TcpEvent {}

    /**
     * New in-order bytes of one direction.
     *
     * @param streamOffset offset of the first byte in its direction's stream (0 = the first byte after the SYN)
     * @param data         the bytes; never empty
     */
    record DataSegment(
            ConnectionInfo connection, long timestampNanos, Direction direction, long streamOffset, byte[] data)
            implements TcpEvent {}

    /** Bytes the sender sent that the capture does not hold (lost by the capture, or cut by snap length). */
    record StreamGap(
            ConnectionInfo connection, long timestampNanos, Direction direction, long streamOffset, long length)
            implements TcpEvent {}

    /** The sender of {@code direction} finished sending (FIN), after {@code streamOffset} bytes. */
    record HalfClose(ConnectionInfo connection, long timestampNanos, Direction direction, long streamOffset)
            implements TcpEvent {}

    /** The sender of {@code direction} reset the connection. */
    record ConnectionReset(ConnectionInfo connection, long timestampNanos, Direction direction) implements TcpEvent {}

    /** Nothing more will be reported for this connection. */
    record ConnectionClosed(ConnectionInfo connection, long timestampNanos, ConnectionEnd end) implements TcpEvent {}
}
