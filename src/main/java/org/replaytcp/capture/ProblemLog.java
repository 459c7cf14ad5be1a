package org.replaytcp.capture;

import java.util.ArrayList;
import java.util.List;

/** Keeps the first problems of a file and counts the rest, so a badly damaged file cannot fill the heap. */
final class ProblemLog {

    private static final int KEPT = 100;

    private final List<CaptureProblem> kept = new ArrayList<>();
    private long total;

    void add(CaptureProblem problem) {
        total++;
        if (kept.size() < KEPT) {
            kept.add(problem);
        }
    }

    List<CaptureProblem> kept() {
        return List.copyOf(kept);
    }

    long total() {
        return total;
    }
}
