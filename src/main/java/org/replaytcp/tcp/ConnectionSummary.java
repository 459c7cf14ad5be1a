package org.replaytcp.tcp;

/**
 * What the capture shows of one connection, as Wireshark's Conversations dialog would list it.
 *
 * @param clientToServerBytes payload bytes the client sent, each counted once
 * @param serverToClientBytes payload bytes the server sent, each counted once
 * @param retransmittedBytes  payload bytes seen again after they were first seen (both directions)
 * @param outOfOrderSegments  segments that arrived ahead of bytes still missing
 * @param missingBytes        bytes sent but not in the capture (both directions)
 */
public record ConnectionSummary(
        ConnectionInfo info,
        long firstNanos,
        long lastNanos,
        long packets,
        long clientToServerBytes,
        long serverToClientBytes,
        long retransmittedBytes,
        long outOfOrderSegments,
        long missingBytes,
        ConnectionEnd end) {

    public long durationNanos() {
        return lastNanos - firstNanos;
    }
}
