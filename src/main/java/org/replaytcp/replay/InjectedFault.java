package org.replaytcp.replay;

/**
 * What became of one fault aimed at a connection, and how the live peer took it.
 *
 * @param fault              the fault as written ({@code stall:2@100,conn=0})
 * @param injected           whether the connection got that far (else the other fields say nothing)
 * @param atMicros           when it happened, from the live connection's start
 * @param peerBytesBefore    bytes the peer had sent by then
 * @param peerBytesAfter     bytes the peer sent after it, as far as we could see
 * @param peerEnd            how the peer ended the connection after it: {@code closed}, {@code reset}, or null (it
 *                           did not while we could see)
 * @param peerEndAfterMicros how long after the fault the peer ended it, or -1
 * @param observable         false when the fault itself ended our reading (reset, close): the peer's reaction
 *                           cannot be seen from here
 */
public record InjectedFault(
        String fault,
        boolean injected,
        long atMicros,
        long peerBytesBefore,
        long peerBytesAfter,
        String peerEnd,
        long peerEndAfterMicros,
        boolean observable) {

    /** A fault the connection never reached. */
    static InjectedFault unreached(Fault fault) {
        return new InjectedFault(fault.text(), false, -1, 0, 0, null, -1, false);
    }

    /** One line for the summary. */
    public String describe(long sentBytes) {
        if (!injected) {
            return "fault " + fault + " not reached: the connection sent " + sentBytes + " bytes";
        }
        StringBuilder out =
                new StringBuilder("fault ").append(fault).append(" at ").append(seconds(atMicros));
        if (!observable) {
            return out.append(": the peer had sent ")
                    .append(peerBytesBefore)
                    .append(" bytes; we read nothing after it")
                    .toString();
        }
        out.append(": the peer sent ").append(peerBytesAfter).append(" bytes after it and ");
        if (peerEnd == null) {
            out.append("did not end the connection");
        } else {
            out.append(peerEnd)
                    .append(" the connection ")
                    .append(seconds(peerEndAfterMicros))
                    .append(" later");
        }
        return out.toString();
    }

    private static String seconds(long micros) {
        return String.format(java.util.Locale.ROOT, "%.3f s", micros / 1e6);
    }
}
