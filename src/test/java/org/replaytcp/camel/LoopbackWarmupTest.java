package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.replay.PreciseScheduler;

/**
 * The loopback warm-up really converses over sockets (every request paced, every answer read back), cleans up
 * after itself and keeps to its deadline.
 */
class LoopbackWarmupTest {

    /** A pacer on a real clock thread that counts the writes it was given. */
    private static final class CountingPacer implements LiveConnection.Pacer, AutoCloseable {
        private final PreciseScheduler scheduler = new PreciseScheduler("test-warmup-clock");
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public void writeAt(long dueNanos, Executor loop, Runnable write) {
            writes.incrementAndGet();
            scheduler.at(dueNanos, loop, write);
        }

        @Override
        public void observedRoute(long nanos) {}

        @Override
        public void close() {
            scheduler.close();
        }
    }

    @Test
    void everyConnectionSendsItsRequestsAndReadsEveryAnswer() {
        try (CountingPacer pacer = new CountingPacer()) {
            int done = LoopbackWarmup.run(
                    60, System.nanoTime() + Duration.ofSeconds(20).toNanos(), pacer);

            // done counts a connection only once its 4 answers of 1000 bytes were read back through our handlers
            assertEquals(60, done);
            // both sides' writes were held for a due time: the encoder hands the clock at least the first of each
            // side's held writes (later ones already due go out with it)
            assertTrue(pacer.writes.get() >= 60 * 2, pacer.writes.get() + " paced writes");
        }
    }

    @Test
    void leavesNoThreadBehind() {
        try (CountingPacer pacer = new CountingPacer()) {
            LoopbackWarmup.run(10, System.nanoTime() + Duration.ofSeconds(20).toNanos(), pacer);
        }
        boolean left = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("replay-warmup-loopback"));
        assertTrue(!left, "the warm-up's event loop thread is still running");
    }

    @Test
    void stopsAtItsDeadline() {
        try (CountingPacer pacer = new CountingPacer()) {
            int done = assertTimeoutPreemptively(
                    Duration.ofSeconds(10), () -> LoopbackWarmup.run(1_000_000, System.nanoTime(), pacer));
            assertEquals(0, done);
        }
    }
}
