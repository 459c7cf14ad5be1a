package org.replaytcp.camel;

import java.util.Locale;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * One step of a {@link ReplaySession} as a plain Camel processor, for the per-segment steps of a route
 * ({@code - process: {ref: daqboxPace}}): the same as {@code - bean: {ref: daqboxReplay, method: pace}}, without
 * the bean binding's reflection and parameter matching at every segment (a tenth of the per-segment time at 1 M
 * small segments). The pacing and push steps are asynchronous: an exchange waiting for its turn, or for a socket
 * to take more, holds no thread. The rewrite step ({@code --rewrite-bytes}) changes fields of the segment on its way
 * out. The faults step ({@code --fault}, {@code replay.faults}) goes between the pacing
 * step and the step that writes: it cuts a segment where a fault falls and has the channel's encoder do the fault.
 */
public final class ReplayStep extends AsyncProcessorSupport {

    /** The session methods a step can run. */
    public enum Kind {
        PACE,
        AFTER_SEND,
        PUSH,
        REWRITE,
        FAULTS
    }

    private ReplaySession session;
    private Kind kind;

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            switch (kind) {
                case PACE -> {
                    if (!session.pace(exchange, callback)) {
                        return false; // the session calls back when the exchange's turn comes
                    }
                }
                case AFTER_SEND -> session.afterSend(exchange);
                case REWRITE -> session.rewrite(exchange);
                case FAULTS -> session.injectFaults(exchange);
                case PUSH -> {
                    if (!session.push(exchange, callback)) {
                        return false;
                    }
                }
                default -> throw new IllegalStateException("replay step without a kind");
            }
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    /** The session whose step this is. */
    public void setSession(ReplaySession session) {
        this.session = session;
    }

    /** Whether this is {@code session}'s step of that kind. */
    boolean is(Kind kind, ReplaySession session) {
        return this.kind == kind && this.session == session;
    }

    /** Which step: pace, afterSend, push, rewrite or faults. */
    public void setStep(String step) {
        this.kind = switch (step.replaceAll("[-_ ]", "").toLowerCase(Locale.ROOT)) {
            case "pace" -> Kind.PACE;
            case "aftersend" -> Kind.AFTER_SEND;
            case "push" -> Kind.PUSH;
            case "rewrite" -> Kind.REWRITE;
            case "faults" -> Kind.FAULTS;
            default ->
                throw new IllegalArgumentException(
                        "replay step must be pace, afterSend, push, rewrite or faults, not " + step);
        };
    }
}
