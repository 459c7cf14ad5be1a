package org.replaytcp.testing;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a blocking task on a thread of its own. Not {@code CompletableFuture.supplyAsync(task)}: that uses the
 * common fork-join pool, which on a 2-core machine has one worker under Java 25 (Java 17 gave each task its own
 * thread there), so two blocking tasks — a recording and the peer it waits for — deadlocked.
 */
public final class Background {

    private Background() {}

    /** Starts {@code task} on a new daemon thread; its result or exception completes the future. */
    public static <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, runnable -> {
            Thread thread = new Thread(runnable, "test-background");
            thread.setDaemon(true);
            thread.start();
        });
    }
}
