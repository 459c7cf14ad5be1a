package org.replaytcp.bench;

import java.nio.file.Path;
import org.replaytcp.testing.SyntheticCapture;

/**
 * Writes the benchmark capture: {@code MakeBenchCapture FILE CONNECTIONS BYTES_PER_CONNECTION SEGMENT_SIZE}.
 * Used by {@code bench/run}; prints the number of packets written.
 */
public final class MakeBenchCapture {

    private MakeBenchCapture() {}

    public static void main(String[] args) throws Exception {
        long packets = SyntheticCapture.write(
                Path.of(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
        System.out.println(packets);
    }
}
