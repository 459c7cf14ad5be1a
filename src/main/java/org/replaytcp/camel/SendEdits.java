package org.replaytcp.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.camel.Message;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.Fault;
import org.replaytcp.replay.FaultCut;
import org.replaytcp.replay.FieldRewrite;
import org.replaytcp.replay.FieldRewriter;
import org.replaytcp.replay.TextRewrite;
import org.replaytcp.replay.TextRewriter;

/**
 * What a session changes in what it sends, for its rewrite and faults steps: frame fields ({@code replay.rewrite-bytes})
 * and text ({@code replay.rewrite}) rewritten, faults ({@code replay.faults}) injected. Holds the rules, arms each new
 * connection with its rewriters and faults, and edits its segments on their way out. The counters outlive a run, so
 * numbers go on when the routes start again.
 */
final class SendEdits {

    /** Why --allow-resize and --fault are refused together. */
    static final String RESIZE_AND_FAULTS = "--allow-resize and --fault do not go together: a fault's BYTE counts "
            + "recorded bytes, and a resized segment holds others";

    private List<Fault> faults = List.of();
    private List<FieldRewrite> fieldRewrites = List.of();
    private List<TextRewrite> textRewrites = List.of();
    private boolean allowResize;
    private FieldRewriter.Counters fieldCounters;
    private TextRewriter.Counters textCounters;

    /** {@code KIND[:SECONDS]@BYTE[,conn=K][,round=R]}, separated by {@code ;} or new lines. */
    void setFaults(String text) {
        List<Fault> parsed = new ArrayList<>();
        for (String spec : ReplaySession.split(text == null ? "" : text.replace('\n', ';'), ";")) {
            parsed.add(Fault.parse(spec));
        }
        faults = List.copyOf(parsed);
    }

    /** {@code PREFIX:FROM-TO=VALUE}, comma-separated. */
    void setRewriteBytes(String text) {
        fieldRewrites =
                ReplaySession.split(text, ",").stream().map(FieldRewrite::parse).toList();
    }

    /** {@code REGEX=>REPLACEMENT}, one per line. */
    void setRewrite(String text) {
        textRewrites =
                ReplaySession.split(text, "\n").stream().map(TextRewrite::parse).toList();
    }

    void setAllowResize(boolean allowResize) {
        this.allowResize = allowResize;
    }

    /** Frame ranges the peer's comparison leaves out: the rewritten fields, which the peer may echo. */
    List<String> frameMasks() {
        return fieldRewrites.stream().map(FieldRewrite::maskRule).toList();
    }

    /** Regexes the peer's comparison leaves out: what the text rules match, which the peer may echo. */
    List<String> textMasks() {
        return textRewrites.stream().map(rule -> rule.pattern().pattern()).toList();
    }

    /**
     * Why the run cannot start with these edits on {@code route}, or null: a step the edits need is missing from
     * the route, or resizing and faults were asked for together.
     */
    Exception refusal(Predicate<ReplayStep.Kind> routeHas, String route) {
        if (!faults.isEmpty() && !routeHas.test(ReplayStep.Kind.FAULTS)) {
            return missingStep("faults were asked for (replay.faults)", route, "faults");
        }
        if (!fieldRewrites.isEmpty() && !routeHas.test(ReplayStep.Kind.REWRITE)) {
            return missingStep("fields to rewrite were asked for (replay.rewrite-bytes)", route, "rewrite");
        }
        if (!textRewrites.isEmpty() && !routeHas.test(ReplayStep.Kind.REWRITE)) {
            return missingStep("text to rewrite was asked for (replay.rewrite)", route, "rewrite");
        }
        if (allowResize && !faults.isEmpty()) {
            return new IllegalArgumentException(RESIZE_AND_FAULTS);
        }
        return null;
    }

    private static IllegalArgumentException missingStep(String what, String route, String step) {
        return new IllegalArgumentException(what + " but route " + route + " has no " + step + " step: put a replay "
                + "step with step: " + step + " between the pacing step and the step that writes (see "
                + "routes/daqbox-to-polyview.yaml)");
    }

    /** A new connection of round {@code round}: its faults aimed, its rewriters made. */
    synchronized void arm(LiveLink link, int round) {
        int index = link.replay.index();
        if (!faults.isEmpty()) {
            link.replay.aim(faults.stream().filter(f -> f.aims(index, round)).toList());
        }
        if (!fieldRewrites.isEmpty()) {
            if (fieldCounters == null) {
                fieldCounters = new FieldRewriter.Counters(fieldRewrites.size());
            }
            link.rewriter = new FieldRewriter(fieldRewrites, fieldCounters, System::currentTimeMillis);
        }
        if (!textRewrites.isEmpty()) {
            if (textCounters == null) {
                textCounters = new TextRewriter.Counters(textRewrites.size());
            }
            link.textRewriter = new TextRewriter(
                    textRewrites, textCounters, round, index, allowResize, java.time.ZonedDateTime::now);
        }
    }

    boolean rewrites() {
        return !fieldRewrites.isEmpty() || !textRewrites.isEmpty();
    }

    boolean injects() {
        return !faults.isEmpty();
    }

    /**
     * Our segment (in {@code in}, at recorded offset {@code offset}) with its fields and text rewritten, held until
     * due in place of the recorded one.
     */
    void rewrite(LiveLink link, Message in, long offset) {
        byte[] body = in.getBody(byte[].class);
        byte[] rewritten = link.rewriter == null ? body : link.rewriter.rewrite(offset, body);
        if (link.textRewriter != null) {
            rewritten = link.textRewriter.rewrite(offset, rewritten);
        }
        if (rewritten == body) {
            return;
        }
        if (link.live != null) {
            link.live.replaceHeld(body, rewritten);
        }
        in.setBody(rewritten);
        if (rewritten.length != body.length) {
            // Counted as the recorded segment: the recording's bytes all went out, in another length.
            in.setHeader(ReplayConstants.SENT_LENGTH, body.length);
        }
    }

    /**
     * When a fault falls in our segment, its channel's encoder is told to send it cut there and to do the fault,
     * and {@code CamelReplaySentLength} says how much of it goes out.
     */
    void injectFaults(LiveLink link, Message in, long offset) {
        if (link.live == null) {
            return;
        }
        byte[] body = in.getBody(byte[].class);
        if (!link.live.holdsWrites()) {
            link.replay.problem("faults need the netty endpoint's encoders to be the replay's PacedBytesEncoder");
            return;
        }
        FaultCut cut = link.replay.cut(offset, body);
        if (cut != null) {
            in.setHeader(ReplayConstants.SENT_LENGTH, cut.sentLength());
            link.live.inject(body, cut, link.replay::injected);
        }
    }

    /** What the text rules did to a finished connection's length, and what they could not do: summary lines. */
    static void note(LiveLink link, ConnectionResult result, String role, ReplayRun run) {
        TextRewriter text = link.textRewriter;
        if (text == null) {
            return;
        }
        String who = role + " connection " + result.index()
                + (result.round() > 1 ? " (round " + result.round() + ")" : "") + ": ";
        long change = text.lengthChange();
        if (change != 0) {
            run.note(who + "--rewrite made what we sent " + Math.abs(change)
                    + (Math.abs(change) == 1 ? " byte " : " bytes ")
                    + (change > 0 ? "longer" : "shorter") + " (" + text.resized() + " replacement"
                    + (text.resized() == 1 ? "" : "s") + " of another length): our stream's offsets after them are "
                    + "shifted by as much");
        }
        text.problems().forEach(problem -> run.note(who + problem));
    }
}
