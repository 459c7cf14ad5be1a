package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replaytcp.replay.ConnectionReplay;
import org.replaytcp.replay.IgnoreRules;
import org.replaytcp.replay.ReplayOptions;
import org.replaytcp.replay.RunOrigin;

/** A connection's sends are pushed in the order they were released, whatever order they reach the push step in. */
class LiveLinkPushOrderTest {

    private static LiveLink link() {
        return new LiveLink(new ConnectionReplay(
                0,
                "10.0.0.1:40000",
                "10.0.0.2:11000",
                true,
                0,
                new ReplayOptions(1.0, false, null, true, Duration.ofSeconds(1)),
                IgnoreRules.NONE,
                true,
                new RunOrigin()));
    }

    @Test
    void sendsThatArriveEarlyWaitForTheOnesReleasedBeforeThem() {
        LiveLink link = link();
        long first = link.releasedSend();
        long second = link.releasedSend();
        long third = link.releasedSend();
        List<String> pushed = new ArrayList<>();

        // The third and the second get there first (the first one's thread was busy): they wait.
        assertNull(link.pushInOrder(third, () -> pushed.add("third now"), () -> pushed.add("third")));
        assertNull(link.pushInOrder(second, () -> pushed.add("second now"), () -> pushed.add("second")));
        assertEquals(List.of(), pushed);
        // The first goes at once, reports what its push said, and lets the others go after it, in order.
        assertEquals(false, link.pushInOrder(first, () -> !pushed.add("first"), () -> pushed.add("first later")));
        assertEquals(List.of("first", "second", "third"), pushed);
        // The next one in turn goes at once.
        long fourth = link.releasedSend();
        assertEquals(true, link.pushInOrder(fourth, () -> pushed.add("fourth"), () -> pushed.add("fourth later")));
        assertEquals(List.of("first", "second", "third", "fourth"), pushed);
    }

    @Test
    void aSendThatNeverReachedThePushLetsTheOnesWaitingBehindItGoAndIsStoppedWithThem() {
        LiveLink link = link();
        long first = link.releasedSend();
        long second = link.releasedSend();
        long third = link.releasedSend();
        long fourth = link.releasedSend();
        List<String> pushed = new ArrayList<>();

        assertEquals(true, link.pushInOrder(first, () -> pushed.add("first"), () -> pushed.add("first later")));
        assertEquals(false, link.giveUpIfNotPushed(first), "pushed: nothing to give up");
        // The third gets there before the second, whose exchange then ends without a push (a step failed).
        assertNull(link.pushInOrder(
                third,
                () -> pushed.add("third now"),
                () -> pushed.add(link.stopped(third) ? "third dropped" : "third")));
        assertEquals(false, link.giveUpIfNotPushed(third), "waiting for its turn: its push is still to come");
        assertEquals(true, link.giveUpIfNotPushed(second));
        assertEquals(List.of("first", "third dropped"), pushed, "the third went on, without a write");
        assertEquals(false, link.stopped(first));
        assertEquals(true, link.stopped(second));
        assertEquals(true, link.stopped(fourth));
        // A later one is not held: its turn has come.
        assertEquals(true, link.pushInOrder(fourth, () -> pushed.add("fourth"), () -> pushed.add("fourth later")));
        assertEquals(List.of("first", "third dropped", "fourth"), pushed);
    }

    @Test
    void aSendGivenUpBeforeItsTurnLeavesItsPlaceToBePassed() {
        LiveLink link = link();
        long first = link.releasedSend();
        long second = link.releasedSend();
        long third = link.releasedSend();
        List<String> pushed = new ArrayList<>();

        // The second's exchange ends without a push while the first has not been pushed yet.
        assertEquals(true, link.giveUpIfNotPushed(second));
        assertNull(link.pushInOrder(third, () -> pushed.add("third now"), () -> pushed.add("third")));
        assertEquals(true, link.pushInOrder(first, () -> pushed.add("first"), () -> pushed.add("first later")));
        assertEquals(List.of("first", "third"), pushed, "the second's place passed without anything run");
        assertEquals(false, link.stopped(first));
        assertEquals(true, link.stopped(third));
    }
}
