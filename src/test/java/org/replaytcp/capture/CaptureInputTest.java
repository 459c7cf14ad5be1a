package org.replaytcp.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buffered reading over a file of 600 000 bytes (more than two 256 KiB buffers) whose byte at offset i is
 * {@code i * 7 mod 256}: reads and skips within a buffer, across buffers, and at the end of the file.
 */
class CaptureInputTest {

    private static final int SIZE = 600_000;
    private static final int BUFFER = 1 << 18;

    private static byte at(long offset) {
        return (byte) (offset * 7);
    }

    private static byte[] expected(long from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = at(from + i);
        }
        return bytes;
    }

    @Test
    void readsAndSkipsThroughTheWholeFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bytes.bin"), expected(0, SIZE));
        try (CaptureInput input = new CaptureInput(file)) {
            assertEquals(file, input.file());
            assertEquals(SIZE, input.size());
            byte[] ten = new byte[10];
            assertEquals(10, input.read(ten, 0, 10));
            assertArrayEquals(expected(0, 10), ten);
            assertEquals(10, input.position());
            assertEquals(SIZE - 10, input.remaining());
            assertEquals(90, input.skip(90)); // within the buffer
            assertEquals(100, input.position());
            assertEquals(BUFFER - 110, input.skip(BUFFER - 110)); // to 10 bytes before the buffer's end
            assertEquals(0, input.skip(0));
            assertEquals(BUFFER - 10, input.position());
            byte[] across = new byte[20];
            assertEquals(20, input.read(across, 0, 20)); // 10 from this buffer, 10 from the next
            assertArrayEquals(expected(BUFFER - 10, 20), across);
            assertEquals(BUFFER + 10, input.position());
            assertEquals(SIZE - 50 - (BUFFER + 10), input.skip(SIZE - 50 - (BUFFER + 10))); // beyond the buffer
            assertEquals(SIZE - 50, input.position());
            byte[] rest = new byte[100];
            assertEquals(50, input.read(rest, 5, 100)); // fewer only at the end, into the offset asked
            assertArrayEquals(expected(SIZE - 50, 50), java.util.Arrays.copyOfRange(rest, 5, 55));
            assertEquals(0, input.read(rest, 0, 10));
            assertEquals(0, input.skip(10));
            assertEquals(SIZE, input.position());
            assertEquals(0, input.remaining());
        }
    }

    @Test
    void aSkipPastTheEndStopsAtTheEnd(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bytes.bin"), expected(0, 1000));
        try (CaptureInput input = new CaptureInput(file)) {
            byte[] one = new byte[1];
            input.read(one, 0, 1);
            assertEquals(999, input.skip(5000));
            assertEquals(1000, input.position());
            assertEquals(0, input.read(one, 0, 1));
        }
    }

    @Test
    void aSkipBeyondTheBufferThenAReadFetchesFromThere(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bytes.bin"), expected(0, SIZE));
        try (CaptureInput input = new CaptureInput(file)) {
            byte[] bytes = new byte[3];
            input.read(bytes, 0, 3);
            assertEquals(400_000, input.skip(400_000));
            assertEquals(400_003, input.position());
            assertEquals(3, input.read(bytes, 0, 3));
            assertArrayEquals(expected(400_003, 3), bytes);
        }
    }
}
