package org.replaytcp.capture;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Reads the packets of one capture file in file order, one at a time, so memory does not grow with the
 * file.
 *
 * <p>Damage in the file header is thrown as {@link CaptureFormatException}. Damage after it (a truncated
 * last record, a block whose length makes no sense) ends the reading: {@link #next()} returns null and the
 * damage is listed in {@link #problems()}; what was read before it stays usable.
 */
public interface CaptureReader extends Closeable {

    /** The next packet, or null at the end of the file or of its readable part. */
    CapturedPacket next() throws IOException;

    /** Damage met so far that did not stop the file from being read up to it. */
    List<CaptureProblem> problems();

    /** Short name of the format, such as {@code pcap (ns, big-endian)} or {@code pcapng}. */
    String formatDescription();
}
