package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The clock thread's promises that hold whatever the machine's load: tasks run in the order of their due times (ties
 * in the order given), never before they are due, on their writer's thread when they have one, and a failing task
 * stops nothing. How late they run is a benchmark's business (bench/pacing-bench), not a test's.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PreciseSchedulerTest {

    private static final long MS = 1_000_000L;

    private record Ran(String name, long dueNanos, long atNanos, String thread) {}

    @Test
    void runsTasksByDueTimeTiesInOrderGivenAndNeverEarly() throws Exception {
        List<Ran> ran = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        try (PreciseScheduler scheduler = new PreciseScheduler("test-clock")) {
            long start = System.nanoTime();
            String[] names = {"d", "b1", "c", "b2", "a"};
            long[] offsets = {40 * MS, 20 * MS, 30 * MS, 20 * MS, 10 * MS};
            for (int i = 0; i < names.length; i++) {
                String name = names[i];
                long due = start + offsets[i];
                scheduler.at(due, null, () -> {
                    synchronized (ran) {
                        ran.add(new Ran(
                                name,
                                due,
                                System.nanoTime(),
                                Thread.currentThread().getName()));
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
        assertEquals(
                List.of("a", "b1", "b2", "c", "d"), ran.stream().map(Ran::name).toList());
        for (Ran r : ran) {
            assertTrue(r.atNanos() - r.dueNanos() >= 0, r + " ran before it was due");
            assertEquals("test-clock", r.thread());
        }
    }

    @Test
    void aCancelledTaskLeavesTheQueueAtOnceAndNeverRuns() throws Exception {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PreciseScheduler scheduler = new PreciseScheduler("test-clock")) {
            long start = System.nanoTime();
            PreciseScheduler.Scheduled timeout = scheduler.at(start + 200 * MS, null, () -> ran.add("timeout"));
            CountDownLatch other = new CountDownLatch(1);
            scheduler.at(start + 250 * MS, null, () -> {
                ran.add("other");
                other.countDown();
            });
            assertEquals(2, scheduler.waiting());
            timeout.cancel();
            assertEquals(1, scheduler.waiting(), "gone now, not at its due time");
            timeout.cancel(); // twice: nothing more
            assertTrue(other.await(10, TimeUnit.SECONDS));
            Thread.sleep(50);
        }
        assertEquals(List.of("other"), ran);
    }

    @Test
    void aTaskWithAWriterRunsOnTheWritersThreadNotBeforeItsDueTime() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-writer"));
        List<Ran> ran = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        try (PreciseScheduler scheduler = new PreciseScheduler("test-clock")) {
            // A first task, so what the first scheduling loads (classes, the writer's lead) is not timed below: the
            // three tasks must all be queued before the first of them is due, even on a loaded machine.
            CountDownLatch warm = new CountDownLatch(1);
            scheduler.at(System.nanoTime(), writer, warm::countDown);
            assertTrue(warm.await(10, TimeUnit.SECONDS));
            long start = System.nanoTime();
            // 50 ms out: handed over early (the lead) and held on the writer until due; 300 ms: it yields meanwhile.
            for (long offset : new long[] {50 * MS, 300 * MS, 1}) {
                long due = start + offset;
                scheduler.at(due, writer, () -> {
                    synchronized (ran) {
                        ran.add(new Ran(
                                Long.toString(offset),
                                due,
                                System.nanoTime(),
                                Thread.currentThread().getName()));
                    }
                    done.countDown();
                });
            }
            // While a task waits for its time on the writer, the writer serves others.
            CountDownLatch served = new CountDownLatch(1);
            writer.execute(served::countDown);
            assertTrue(served.await(10, TimeUnit.SECONDS));
            assertTrue(done.await(10, TimeUnit.SECONDS));
        } finally {
            writer.shutdownNow();
        }
        assertEquals(
                List.of("1", "50000000", "300000000"),
                ran.stream().map(Ran::name).toList());
        for (Ran r : ran) {
            assertTrue(r.atNanos() - r.dueNanos() >= 0, r + " ran before it was due");
            assertEquals("test-writer", r.thread());
        }
    }

    @Test
    void aWriterThatIsGoneLeavesTheTaskToTheClockThread() throws Exception {
        ExecutorService gone = Executors.newSingleThreadExecutor();
        gone.shutdown();
        CountDownLatch done = new CountDownLatch(1);
        List<String> threads = new ArrayList<>();
        try (PreciseScheduler scheduler = new PreciseScheduler("test-clock")) {
            scheduler.at(System.nanoTime() + MS, gone, () -> {
                threads.add(Thread.currentThread().getName());
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of("test-clock"), threads);
    }

    @Test
    void aFailingTaskStopsNeitherTheClockNorTheTasksAfterIt() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        CountDownLatch writerDone = new CountDownLatch(1);
        try (PreciseScheduler scheduler = new PreciseScheduler("test-clock")) {
            long start = System.nanoTime();
            scheduler.at(start + MS, null, () -> {
                throw new IllegalStateException("a task that fails");
            });
            scheduler.at(start + MS, writer, () -> {
                throw new AssertionError("a task that fails on its writer");
            });
            scheduler.at(start + 2 * MS, null, done::countDown);
            scheduler.at(start + 3 * MS, writer, writerDone::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertTrue(writerDone.await(10, TimeUnit.SECONDS));
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void closingStopsTheClockThread() throws Exception {
        PreciseScheduler scheduler = new PreciseScheduler("test-clock-closing");
        CountDownLatch never = new CountDownLatch(1);
        scheduler.at(System.nanoTime() + TimeUnit.SECONDS.toNanos(3600), null, never::countDown);
        scheduler.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("test-clock-closing") && t.isAlive()));
        assertEquals(1, never.getCount());
    }
}
