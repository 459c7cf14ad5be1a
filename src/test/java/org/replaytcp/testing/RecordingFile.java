package org.replaytcp.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The file a running {@code record} writes. */
public final class RecordingFile {

    private RecordingFile() {}

    /**
     * The file's section header appears once libpcap's handle is open with its filter set (the writer is made
     * then, and flushed when no packet is waiting): from then on, every packet is captured.
     */
    public static void awaitListening(Path file) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) || Files.size(file) < 28) {
            assertTrue(System.nanoTime() < deadline, "record never opened its capture");
            Thread.sleep(10);
        }
    }
}
