package org.replaytcp.replay;

/**
 * How the replay of one recorded connection went.
 *
 * @param role                  which side we played: {@code client} or {@code server}
 * @param index                 the recorded connection's index
 * @param client                the recorded client ({@code addr:port})
 * @param server                the recorded server
 * @param live                  the live peer's address, or null if it never connected
 * @param sentBytes             bytes we sent
 * @param expectedSentBytes     bytes the recording has us send
 * @param receivedBytes         bytes the live peer sent
 * @param expectedReceivedBytes bytes the recorded peer sent
 * @param verdict               how the live peer's bytes compare with the recorded peer's
 * @param firstDifferenceOffset where they first differ, or -1
 * @param awaitTimeouts         how often the peer was waited for in vain
 * @param problem               why the replay of this connection is incomplete, or null
 * @param difference            the first difference with its context, or null
 * @param lateness              how late each of our sends was against its due time
 * @param timeline              recorded and live times of both sides, for the report's plot
 * @param faults                the faults aimed at this connection ({@code --fault}) and how the peer took them
 * @param round                 which round of a loop ({@code --loop}) it was played in, from 1
 */
public record ConnectionResult(
        String role,
        int index,
        String client,
        String server,
        String live,
        long sentBytes,
        long expectedSentBytes,
        long receivedBytes,
        long expectedReceivedBytes,
        Verdict verdict,
        long firstDifferenceOffset,
        long awaitTimeouts,
        String problem,
        Difference difference,
        LatenessHistogram lateness,
        Timeline timeline,
        java.util.List<InjectedFault> faults,
        int round) {

    public ConnectionResult {
        faults = faults == null ? java.util.List.of() : java.util.List.copyOf(faults);
    }

    /** A result of a replay played once (round 1). */
    public ConnectionResult(
            String role,
            int index,
            String client,
            String server,
            String live,
            long sentBytes,
            long expectedSentBytes,
            long receivedBytes,
            long expectedReceivedBytes,
            Verdict verdict,
            long firstDifferenceOffset,
            long awaitTimeouts,
            String problem,
            Difference difference,
            LatenessHistogram lateness,
            Timeline timeline,
            java.util.List<InjectedFault> faults) {
        this(
                role,
                index,
                client,
                server,
                live,
                sentBytes,
                expectedSentBytes,
                receivedBytes,
                expectedReceivedBytes,
                verdict,
                firstDifferenceOffset,
                awaitTimeouts,
                problem,
                difference,
                lateness,
                timeline,
                faults,
                1);
    }

    /** The order of results in summaries and reports: by round, then role, then index. */
    public static final java.util.Comparator<ConnectionResult> ORDER = java.util.Comparator.comparingInt(
                    ConnectionResult::round)
            .thenComparing(ConnectionResult::role)
            .thenComparingInt(ConnectionResult::index);

    /** Whether the connection went as recorded: complete, and its peer identical or not verified. */
    public boolean succeeded() {
        return complete() && (verdict == Verdict.IDENTICAL || verdict == Verdict.NOT_VERIFIED);
    }

    /** Every recorded byte of our side went out and nothing went wrong. */
    public boolean complete() {
        return problem == null && sentBytes == expectedSentBytes;
    }
}
