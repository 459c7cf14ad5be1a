package org.replaytcp.replay;

import java.time.Duration;

/**
 * How a replay keeps time.
 *
 * @param speed          1 = recorded pace, 2 = twice as fast, 0.5 = half speed
 * @param topSpeed       send as soon as allowed, ignoring recorded pauses
 * @param maxGap         the longest pause the replay makes between two events (replay time), or null for none
 * @param awaitPeer      before sending, wait until the live peer has sent what it had sent at that point
 * @param awaitTimeout   how long to wait for the live peer before carrying on
 */
public record ReplayOptions(double speed, boolean topSpeed, Duration maxGap, boolean awaitPeer, Duration awaitTimeout) {

    public ReplayOptions {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a number above 0, not " + speed);
        }
        if (maxGap != null && maxGap.isNegative()) {
            throw new IllegalArgumentException("max gap must not be negative: " + maxGap);
        }
        if (awaitTimeout == null || awaitTimeout.isNegative()) {
            throw new IllegalArgumentException("await timeout must be zero or more: " + awaitTimeout);
        }
    }

    /** Recorded pace, waiting up to 10 s for the peer. */
    public static ReplayOptions recordedPace() {
        return new ReplayOptions(1.0, false, null, true, Duration.ofSeconds(10));
    }
}
