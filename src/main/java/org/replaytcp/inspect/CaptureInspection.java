package org.replaytcp.inspect;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.replaytcp.capture.CaptureProblem;
import org.replaytcp.packet.SkipReason;
import org.replaytcp.tcp.ConnectionSummary;

/**
 * Everything {@code inspect} reports about a capture.
 *
 * @param connections          by index
 * @param skipped              packets without a usable TCP segment, by reason
 * @param unsupportedLinkTypes packets on unknown link types, by link type
 * @param lengthBeyondFrame    packets whose IP length claims more than the frame held
 * @param problems             damage in the file and in packets (the first ones)
 * @param damagedPackets       how many packets had damaged headers, in all
 */
public record CaptureInspection(
        Path file,
        String format,
        long packets,
        List<ConnectionSummary> connections,
        Map<SkipReason, Long> skipped,
        Map<Integer, Long> unsupportedLinkTypes,
        long lengthBeyondFrame,
        List<CaptureProblem> problems,
        long damagedPackets) {

    /** Capture time of the first connection's first packet, or 0 when there is none. */
    public long firstNanos() {
        return connections.stream()
                .mapToLong(ConnectionSummary::firstNanos)
                .min()
                .orElse(0);
    }
}
