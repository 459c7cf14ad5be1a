package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A timeline series keeps every point up to 5000, then every 2nd, 4th, ... point: evenly over the whole replay. */
class TimelineTest {

    @Test
    void keepsEveryPointUpToTheLimit() {
        Timeline.Series series = new Timeline().liveSent;
        LongStream.range(0, 5000).forEach(series::add);
        assertArrayEquals(LongStream.range(0, 5000).toArray(), series.toArray());
    }

    @Test
    void pastTheLimitKeepsEveryKthPointEvenly() {
        Timeline.Series series = new Timeline().recordedPeer;
        LongStream.range(0, 5001).forEach(series::add);
        // Full at 5000: every 2nd point kept, the 5001st (value 5000) is one of them.
        assertArrayEquals(LongStream.rangeClosed(0, 2500).map(i -> 2 * i).toArray(), series.toArray());
        LongStream.range(5001, 12_000).forEach(series::add);
        // Full again at 9998 (2500 + 2500 points): every 4th from then on, 0, 4, ..., 11996.
        assertArrayEquals(LongStream.range(0, 3000).map(i -> 4 * i).toArray(), series.toArray());
    }
}
