package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;

/** A clock that jumps instead of sleeping, and remembers every wait. */
final class FakeClock implements ReplayClock {

    long now;
    final List<Long> waits = new ArrayList<>();

    FakeClock(long start) {
        now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void waitUntil(long deadlineNanos) {
        waits.add(deadlineNanos);
        now = Math.max(now, deadlineNanos);
    }
}
