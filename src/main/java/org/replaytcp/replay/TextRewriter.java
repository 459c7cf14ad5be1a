package org.replaytcp.replay;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * Applies {@link TextRewrite} rules to one connection's segments of ours, in stream order, each segment on its own
 * (a text protocol sends a line or a message per segment). A match that straddles two segments cannot be rewritten
 * once the first has gone: it goes out as recorded, and a problem says where. A replacement of another length than
 * its match goes out only when resizing is allowed; otherwise the match goes out as recorded, and a problem says
 * so: lengths never change silently.
 */
public final class TextRewriter {

    /** How far back a match that began in the segment before is looked for. */
    static final int STRADDLE_WINDOW = 4096;

    /** At most this many problems are kept per connection (a soak could repeat one at every segment). */
    static final int MAX_PROBLEMS = 5;

    /** The run's counts, one per rule: shared by every connection and round, so numbers go on. */
    public static final class Counters {
        private final long[] next;

        public Counters(int rules) {
            next = new long[rules];
        }

        synchronized long take(int rule) {
            return ++next[rule];
        }
    }

    private final List<TextRewrite> rules;
    private final Counters counters;
    private final int round;
    private final int connection;
    private final boolean allowResize;
    private final Supplier<ZonedDateTime> now;
    /** The end of the last segment, as recorded, to find matches that straddle into the next one. */
    private String tail = "";

    private long lengthChange;
    private int resized;
    private final List<String> problems = new ArrayList<>();
    private String firstRefusal;

    public TextRewriter(
            List<TextRewrite> rules,
            Counters counters,
            int round,
            int connection,
            boolean allowResize,
            Supplier<ZonedDateTime> now) {
        this.rules = List.copyOf(rules);
        this.counters = counters;
        this.round = round;
        this.connection = connection;
        this.allowResize = allowResize;
        this.now = now;
    }

    /**
     * Our segment at stream offset {@code offset}, rewritten: {@code data} itself when no rule changes it, else a
     * new array (of another length only when resizing is allowed).
     */
    public byte[] rewrite(long offset, byte[] data) {
        String recorded = new String(data, StandardCharsets.ISO_8859_1);
        findStraddles(offset, recorded);
        tail = recorded.substring(Math.max(0, recorded.length() - STRADDLE_WINDOW));
        String text = recorded;
        for (int r = 0; r < rules.size(); r++) {
            text = apply(r, offset, text);
        }
        if (text.equals(recorded)) {
            return data;
        }
        byte[] out = text.getBytes(StandardCharsets.ISO_8859_1);
        if (out.length != data.length) {
            lengthChange += out.length - data.length;
        }
        return out;
    }

    private String apply(int r, long offset, String text) {
        TextRewrite rule = rules.get(r);
        Matcher m = rule.pattern().matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            long counter = rule.counts() ? counters.take(r) : 0;
            String replacement = rule.expand(m, new TextRewrite.Values(round, connection, counter, now.get()));
            int change = replacement.length() - (m.end() - m.start());
            if (change != 0 && !allowResize) {
                refuse(String.format(
                        "--rewrite '%s' at offset %d: '%s' would become '%s' (%d byte%s %s); sent as recorded "
                                + "(--allow-resize lets lengths change)",
                        rule.text(),
                        offset + m.start(),
                        printable(m.group()),
                        printable(replacement),
                        Math.abs(change),
                        Math.abs(change) == 1 ? "" : "s",
                        change > 0 ? "longer" : "shorter"));
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            out.append(text, copied, m.start()).append(replacement);
            copied = m.end();
            if (change != 0) {
                resized++;
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Matches that begin in the last segment and end in this one: they went out (in part) as recorded. */
    private void findStraddles(long offset, String recorded) {
        if (tail.isEmpty()) {
            return;
        }
        String joined = tail + recorded.substring(0, Math.min(recorded.length(), STRADDLE_WINDOW));
        for (TextRewrite rule : rules) {
            Matcher m = rule.pattern().matcher(joined);
            while (m.find()) {
                if (m.start() < tail.length() && m.end() > tail.length()) {
                    note(String.format(
                            "--rewrite '%s': '%s' at offset %d straddles two segments and went out as recorded",
                            rule.text(), printable(m.group()), offset - tail.length() + m.start()));
                }
            }
        }
    }

    private void refuse(String why) {
        if (firstRefusal == null) {
            firstRefusal = why;
        }
        note(why);
    }

    private void note(String problem) {
        if (problems.size() < MAX_PROBLEMS && !problems.contains(problem)) {
            problems.add(problem);
        }
    }

    /** Control characters as escapes ({@code \r}, {@code \n}, {@code \x00}), so a problem stays one line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Bytes the rewrites added to what we sent (negative: removed); 0 unless resizing is allowed. */
    public long lengthChange() {
        return lengthChange;
    }

    /** How many replacements changed a length. */
    public int resized() {
        return resized;
    }

    /** What could not be rewritten, and why: a few lines at most. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The first replacement refused for its length, or null. */
    public String firstRefusal() {
        return firstRefusal;
    }
}
