package org.replaytcp.capture;

/**
 * One packet as the capture file holds it.
 *
 * @param frameNumber     1-based position among the file's packets, as Wireshark numbers frames
 * @param fileOffset      byte offset of the record (pcap) or block (pcapng) that holds it
 * @param linkType        the LINKTYPE_ value of the interface it was captured on
 * @param timestampNanos  capture time in nanoseconds since the Unix epoch
 * @param data            the captured bytes (only the first {@code capturedLength} of them count). A reader may
 *                        reuse this array for its next packet: whoever keeps bytes past that copies them
 * @param capturedLength  how many bytes the file holds
 * @param originalLength  how long the packet was on the wire (more than captured when snaplen cut it)
 */
public record CapturedPacket(
        long frameNumber,
        long fileOffset,
        int linkType,
        long timestampNanos,
        byte[] data,
        int capturedLength,
        int originalLength) {}
