package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-flight window: a full window holds the sender until half of it has drained, and a barrier waits for all. */
class InFlightWindowTest {

    /** Waits until the thread is parked (it found the window full), or fails after 10 s. */
    private static void awaitParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sender did not wait: " + thread.getState());
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aFullWindowHoldsTheSenderUntilHalfHasDrained() throws Exception {
        InFlightWindow window = new InFlightWindow(4);
        for (int i = 0; i < 4; i++) {
            window.acquire();
        }
        Thread sender = new Thread(() -> {
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        awaitParked(sender);
        window.release(); // 3 in flight: still more than half
        Thread.sleep(50);
        awaitParked(sender);
        assertEquals(3, window.inFlight());
        window.release(); // 2 = half: the sender goes on
        sender.join(10_000);
        assertFalse(sender.isAlive());
        assertEquals(3, window.inFlight());
    }

    @Test
    void theBarrierWaitsForEveryExchange() throws Exception {
        InFlightWindow window = new InFlightWindow(64);
        for (int i = 0; i < 3; i++) {
            window.acquire();
        }
        Thread sender = new Thread(() -> {
            try {
                window.awaitEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        awaitParked(sender);
        window.release();
        window.release();
        Thread.sleep(50);
        awaitParked(sender);
        window.release();
        sender.join(10_000);
        assertFalse(sender.isAlive());
        window.awaitEmpty(); // empty already: returns at once
    }

    @Test
    void manyReleasesFromAnotherThreadLoseNoWakeUp() throws Exception {
        InFlightWindow window = new InFlightWindow(8);
        java.util.concurrent.BlockingQueue<Integer> taken = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread releaser = new Thread(() -> {
            try {
                for (int i = 0; i < 200_000; i++) {
                    taken.take();
                    window.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        releaser.start();
        for (int i = 0; i < 200_000; i++) {
            window.acquire();
            taken.add(i);
        }
        window.awaitEmpty();
        releaser.join(10_000);
        assertEquals(0, window.inFlight());
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> new InFlightWindow(0));
    }
}
