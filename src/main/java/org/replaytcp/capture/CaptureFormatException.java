package org.replaytcp.capture;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The capture file is not a capture, or is damaged where reading cannot go on.
 *
 * <p>The message is one line that names the file, the record, the byte offset and what is wrong, so the
 * command line can print it as it is.
 */
public final class CaptureFormatException extends IOException {

    private final transient CaptureProblem problem;

    public CaptureFormatException(CaptureProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public CaptureFormatException(Path file, long record, long offset, String what) {
        this(new CaptureProblem(file, record, offset, what));
    }

    /** What is wrong, and where. */
    public CaptureProblem problem() {
        return problem;
    }
}
