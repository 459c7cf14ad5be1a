package org.replaytcp.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The timing flags shared by {@code client} and {@code server}. Their names are a contract. */
final class PacingOptions {

    /** Either a speed or top speed, not both. */
    static final class Speed {
        @Option(
                names = "--speed",
                paramLabel = "X",
                description = "Replay speed: 1 = as recorded (default), 10 = ten times faster, 0.5 = half speed.")
        Double speed;

        @Option(
                names = "--top-speed",
                description = "No pauses at all (still waits for the peer unless --no-await-peer).")
        boolean topSpeed;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Speed speed = new Speed();

    @Option(names = "--max-gap", paramLabel = "S", description = "Cap every pause at S seconds.")
    Double maxGap;

    @Option(names = "--no-await-peer", description = "Pure recorded timing: do not wait for the live peer's bytes.")
    boolean noAwaitPeer;

    @Option(
            names = "--await-timeout",
            paramLabel = "S",
            defaultValue = "10",
            description = "Seconds to wait for the live peer before carrying on (default: ${DEFAULT-VALUE}).")
    double awaitTimeout;

    @Option(
            names = "--deadline",
            paramLabel = "S",
            description = "Stop the whole replay after S seconds, whatever is left: the summary shows what was done, "
                    + "and the exit code is 1.")
    Double deadline;

    double speedValue() {
        return speed == null || speed.speed == null ? 1.0 : speed.speed;
    }

    boolean topSpeedValue() {
        return speed != null && speed.topSpeed;
    }

    void validate() {
        if (!(speedValue() > 0)) {
            throw new IllegalArgumentException("--speed must be above 0, not " + speedValue());
        }
        if (maxGap != null && maxGap < 0) {
            throw new IllegalArgumentException("--max-gap must not be negative");
        }
        if (awaitTimeout < 0) {
            throw new IllegalArgumentException("--await-timeout must not be negative");
        }
        if (deadline != null && !(deadline > 0)) {
            throw new IllegalArgumentException("--deadline must be above 0 seconds, not " + deadline);
        }
    }
}
