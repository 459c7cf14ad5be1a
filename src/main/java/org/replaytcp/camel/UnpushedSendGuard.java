package org.replaytcp.camel;

import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;

/**
 * Finds, as a send's exchange ends, a segment of ours that never reached the push step: a step between the pacing
 * step and the push failed (an exception no handler took, or one a route's handler marked handled) or stopped the
 * exchange (a filter, a stop). Its connection stops sending there and the summary says why; without this, the
 * connection's later segments waited for the lost one's turn until the peer was taken to have stopped reading.
 * One per recorded connection, added to each of its sends' exchanges.
 */
final class UnpushedSendGuard implements Synchronization {

    private final LiveLink link;

    UnpushedSendGuard(LiveLink link) {
        this.link = link;
    }

    @Override
    public void onComplete(Exchange exchange) {
        check(exchange);
    }

    @Override
    public void onFailure(Exchange exchange) {
        check(exchange);
    }

    private void check(Exchange exchange) {
        Long place = exchange.getProperty(ReplayConstants.SEND_SEQUENCE, Long.class);
        if (place == null || !link.giveUpIfNotPushed(place)) {
            return;
        }
        link.writeEnded(); // it was counted as on its way when released
        Throwable cause = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object offset = exchange.getIn().getHeader(ReplayConstants.OFFSET);
        String where = "route " + exchange.getFromRouteId() + ": the segment at recorded byte " + offset;
        String what = cause == null
                ? where + " was stopped by a step before it was written"
                : where + " was not written, a step failed: " + ReplaySession.describe(cause);
        link.replay.stopSending(what + "; this connection sent nothing more");
    }
}
