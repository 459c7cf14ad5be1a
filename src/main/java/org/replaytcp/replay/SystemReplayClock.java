package org.replaytcp.replay;

/** The real clock, {@link System#nanoTime()}; waiting for a moment is the {@link PreciseScheduler}'s job. */
public final class SystemReplayClock implements ReplayClock {

    public static final SystemReplayClock INSTANCE = new SystemReplayClock();

    private SystemReplayClock() {}

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
