package org.replaytcp.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks at precise moments, for every connection of a replay, on one clock thread: a priority queue of due
 * times; the thread parks until shortly before the earliest and spins the rest (parking alone wakes up to
 * milliseconds late). A task given a writer (a netty event loop) is handed to it a little early, by what
 * hand-overs to that writer take ({@link HopLead}), and waits out the last stretch on the writer's own thread, so
 * the write itself needs no hand-over at its due time. There it spins at most {@link #WRITER_SPIN_NANOS}; earlier
 * than that, it yields the writer and is queued again, so other channels of that event loop are served meanwhile.
 */
public final class PreciseScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PreciseScheduler.class);
    /** The clock thread wakes this long before a due time and spins the rest. */
    static final long SPIN_NANOS = 200_000;
    /** The most a task spins on a writer's thread before its due time. */
    static final long WRITER_SPIN_NANOS = 50_000;

    /**
     * A task in the queue; it is its own handle, so scheduling allocates nothing more (it runs per segment). Called
     * off, it lets go of its task at once (and so of the connection the task holds) and is skipped when its time
     * comes: cancelling costs no search through the queue, which holds a task for every connection under way.
     */
    private static final class Entry implements Scheduled {
        final long fireAt;
        final long due;
        final long sequence;
        final Executor writer;
        private volatile Runnable task;

        Entry(long fireAt, long due, long sequence, Executor writer, Runnable task) {
            this.fireAt = fireAt;
            this.due = due;
            this.sequence = sequence;
            this.writer = writer;
            this.task = task;
        }

        @Override
        public void cancel() {
            task = null;
        }

        /** Runs the task unless it was called off. */
        void run() {
            Runnable now = task;
            if (now != null) {
                runSafely(now);
            }
        }

        boolean cancelled() {
            return task == null;
        }
    }

    /** A task given to {@link #at}, which can be called off. */
    public interface Scheduled {
        /**
         * Calls the task off if it has not run: what it holds is let go now, not at its due time (a timeout that no
         * longer matters keeps nothing alive until then), and it does not run.
         */
        void cancel();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) ->
            a.fireAt != b.fireAt ? Long.compare(a.fireAt - b.fireAt, 0) : Long.compare(a.sequence, b.sequence));
    private final Map<Executor, HopLead> leads = new ConcurrentHashMap<>();
    private final Thread thread;
    private long sequence;
    private volatile boolean closed;

    public PreciseScheduler(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code task} at {@code dueNanos} (System.nanoTime): on {@code writer}'s thread if given, else on the clock
     * thread (keep such tasks short: they delay the tasks due after them).
     */
    public Scheduled at(long dueNanos, Executor writer, Runnable task) {
        long fireAt = writer == null ? dueNanos : dueNanos - lead(writer).nanos();
        Entry entry;
        lock.lock();
        try {
            entry = new Entry(fireAt, dueNanos, sequence++, writer, task);
            queue.add(entry);
            if (queue.peek() == entry) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
        return entry;
    }

    /** How many tasks wait for their time (for tests). */
    int waiting() {
        lock.lock();
        try {
            return (int) queue.stream().filter(entry -> !entry.cancelled()).count();
        } finally {
            lock.unlock();
        }
    }

    private HopLead lead(Executor writer) {
        return leads.computeIfAbsent(writer, w -> new HopLead());
    }

    private void run() {
        List<Entry> due = new ArrayList<>();
        while (!closed) {
            lock.lock();
            try {
                Entry head = queue.peek();
                if (head == null) {
                    changed.await();
                    continue;
                }
                long wait = head.fireAt - System.nanoTime();
                if (wait > SPIN_NANOS) {
                    changed.awaitNanos(wait - SPIN_NANOS);
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            // Spin the last stretch without the lock, then take everything whose time has come.
            long fireAt;
            lock.lock();
            try {
                fireAt = queue.isEmpty() ? System.nanoTime() : queue.peek().fireAt;
            } finally {
                lock.unlock();
            }
            while (fireAt - System.nanoTime() > 0) {
                Thread.onSpinWait();
            }
            lock.lock();
            try {
                long now = System.nanoTime();
                while (!queue.isEmpty() && queue.peek().fireAt - now <= 0) {
                    due.add(queue.poll());
                }
            } finally {
                lock.unlock();
            }
            for (Entry entry : due) {
                dispatch(entry);
            }
            due.clear();
        }
    }

    private void dispatch(Entry entry) {
        if (entry.cancelled()) {
            return; // called off: nothing to hand over
        }
        if (entry.writer == null) {
            entry.run();
            return;
        }
        try {
            entry.writer.execute(new Handover(entry, System.nanoTime()));
        } catch (RejectedExecutionException shutDown) {
            entry.run(); // the writer is gone: the task finds out for itself
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("a replay task failed: {}", e.toString(), e);
        }
    }

    /** A task on its writer's thread: waits out the last stretch there without holding the thread for long. */
    private final class Handover implements Runnable {
        private final Entry entry;
        private final long handedNanos;
        private boolean arrived;

        Handover(Entry entry, long handedNanos) {
            this.entry = entry;
            this.handedNanos = handedNanos;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            if (!arrived) {
                arrived = true;
                lead(entry.writer).observe(now - handedNanos);
            }
            long left = entry.due - now;
            if (left > WRITER_SPIN_NANOS) {
                try {
                    entry.writer.execute(this); // yield: the writer serves its other channels meanwhile
                    return;
                } catch (RejectedExecutionException shutDown) {
                    // run it now, below
                }
            }
            while (entry.due - System.nanoTime() > 0) {
                Thread.onSpinWait();
            }
            entry.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
