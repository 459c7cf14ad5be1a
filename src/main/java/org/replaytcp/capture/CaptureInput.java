package org.replaytcp.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Buffered, position-aware reading of a capture file.
 *
 * <p>Knows the file size, so a reader can check an untrusted length against what is left before it
 * allocates anything.
 */
final class CaptureInput implements Closeable {

    private static final int BUFFER_SIZE = 1 << 18;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    /** Direct: a heap buffer would make the JDK read into a temporary direct one and copy it over. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);

    private long bufferStart;

    CaptureInput(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        buffer.limit(0);
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /** Byte offset of the next byte to be read. */
    long position() {
        return bufferStart + buffer.position();
    }

    long remaining() {
        return size - position();
    }

    /**
     * Reads up to {@code length} bytes into {@code target}; fewer only at the end of the file.
     *
     * @return how many bytes were read
     */
    int read(byte[] target, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (!buffer.hasRemaining() && !fill()) {
                break;
            }
            int chunk = Math.min(length - done, buffer.remaining());
            buffer.get(target, offset + done, chunk);
            done += chunk;
        }
        return done;
    }

    /** Skips up to {@code length} bytes; fewer only at the end of the file. */
    long skip(long length) throws IOException {
        long target = Math.min(size, position() + length);
        long skipped = target - position();
        if (target <= bufferStart + buffer.limit()) {
            buffer.position((int) (target - bufferStart));
        } else {
            bufferStart = target;
            buffer.clear().limit(0);
        }
        return skipped;
    }

    private boolean fill() throws IOException {
        bufferStart += buffer.limit();
        buffer.clear();
        int n;
        do {
            n = channel.read(buffer, bufferStart + buffer.position());
        } while (n == 0);
        buffer.flip();
        return buffer.hasRemaining();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
