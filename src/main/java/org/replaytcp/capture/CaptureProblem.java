package org.replaytcp.capture;

import java.nio.file.Path;

/**
 * Damage found in a capture file: which file, which record (1-based; 0 for the file header), the byte
 * offset where that record starts, and what is wrong.
 */
public record CaptureProblem(Path file, long record, long offset, String what) {

    /** One line, fit for a terminal: {@code capture.pcap: record 14 at byte 6253: ...}. */
    @Override
    public String toString() {
        String where = record == 0 ? "file header" : "record " + record;
        return file.getFileName() + ": " + where + " at byte " + offset + ": " + what;
    }
}
