package org.replaytcp.replay;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault to inject into our side of a replayed conversation ({@code --fault}), written
 * {@code KIND[:SECONDS]@BYTE[,conn=K][,round=R]}: before byte {@code BYTE} (a recorded offset in our direction,
 * counted from 0 in each connection) is sent, the connection is reset, closed, half-closed, stalled for
 * {@code SECONDS}, or that byte goes out corrupted (its bits inverted).
 *
 * @param kind       what happens
 * @param offset     the recorded offset in our direction before which it happens (corrupt: the byte it changes)
 * @param stallNanos how long a stall lasts (0 for the other kinds)
 * @param connection the recorded connection aimed at, or -1 for every connection
 * @param round      the round aimed at (from 1), or 0 for every round
 */
public record Fault(Kind kind, long offset, long stallNanos, int connection, int round) {

    /** The kinds of fault. */
    public enum Kind {
        /** RST instead of the next byte: the connection is gone at once. */
        RESET("reset"),
        /** A normal close (FIN) instead of the next byte; we read nothing more. */
        CLOSE("close"),
        /** A pause before the next byte; the rest of the connection's schedule moves by as much. */
        STALL("stall"),
        /** The byte goes out with its bits inverted; everything else as recorded. */
        CORRUPT("corrupt"),
        /** FIN instead of the next byte, while we go on reading what the peer sends. */
        HALF_CLOSE("half-close");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** Whether nothing more of ours is sent after it. */
        public boolean endsSending() {
            return this == RESET || this == CLOSE || this == HALF_CLOSE;
        }
    }

    private static final Pattern SYNTAX = Pattern.compile(
            "(?i)(reset|close|stall|corrupt|half-close)(?::([0-9]+(?:\\.[0-9]+)?))?@([0-9]+)((?:,[a-z]+=[^,]*)*)");
    private static final long MAX_STALL_SECONDS = 86_400;

    public Fault {
        if (kind == null) {
            throw new IllegalArgumentException("a fault needs a kind");
        }
        if (offset < 0 || stallNanos < 0 || connection < -1 || round < 0) {
            throw new IllegalArgumentException("a fault's offset, stall, connection and round cannot be negative");
        }
        if ((kind == Kind.STALL) != (stallNanos > 0)) {
            throw new IllegalArgumentException("only a stall has a duration, and it must be above 0");
        }
    }

    /**
     * Reads {@code reset@1000}, {@code stall:2.5@1000,conn=3}, {@code corrupt@17,round=2} and the like.
     *
     * @throws IllegalArgumentException in one line saying what is wrong with {@code text}
     */
    public static Fault parse(String text) {
        String spec = text == null ? "" : text.trim();
        Matcher m = SYNTAX.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("--fault '" + spec + "' is not KIND@BYTE[,conn=K][,round=R] with KIND "
                    + "reset, close, half-close, corrupt or stall:SECONDS (e.g. reset@1000, stall:2@0,conn=1)");
        }
        Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT).replace('-', '_'));
        long stallNanos = 0;
        if (kind == Kind.STALL) {
            if (m.group(2) == null) {
                throw new IllegalArgumentException(
                        "--fault '" + spec + "': a stall needs its length in seconds, e.g. stall:2.5@1000");
            }
            BigDecimal seconds = new BigDecimal(m.group(2));
            if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(MAX_STALL_SECONDS)) > 0) {
                throw new IllegalArgumentException("--fault '" + spec + "': a stall lasts more than 0 and at most "
                        + MAX_STALL_SECONDS + " seconds");
            }
            stallNanos = seconds.movePointRight(9).longValue();
            if (stallNanos == 0) {
                throw new IllegalArgumentException("--fault '" + spec + "': a stall shorter than a nanosecond");
            }
        } else if (m.group(2) != null) {
            throw new IllegalArgumentException(
                    "--fault '" + spec + "': only a stall takes a duration (" + kind.text() + "@BYTE)");
        }
        long offset = number(spec, "BYTE", m.group(3));
        int connection = -1;
        int round = 0;
        for (String option : m.group(4).split(",")) {
            if (option.isEmpty()) {
                continue;
            }
            String name = option.substring(0, option.indexOf('=')).toLowerCase(Locale.ROOT);
            String value = option.substring(option.indexOf('=') + 1);
            switch (name) {
                case "conn" -> connection = (int) Math.min(Integer.MAX_VALUE, number(spec, "conn", value));
                case "round" -> {
                    round = (int) Math.min(Integer.MAX_VALUE, number(spec, "round", value));
                    if (round == 0) {
                        throw new IllegalArgumentException(
                                "--fault '" + spec + "': rounds are counted from 1, not round=0");
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            "--fault '" + spec + "': unknown option " + name + " (conn=K or round=R)");
            }
        }
        return new Fault(kind, offset, stallNanos, connection, round);
    }

    private static long number(String spec, String what, String digits) {
        if (!digits.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException(
                    "--fault '" + spec + "': " + what + " must be a whole number from 0, not '" + digits + "'");
        }
        return Long.parseLong(digits);
    }

    /** Whether this fault is meant for recorded connection {@code index} in round {@code round} (from 1). */
    public boolean aims(int index, int round) {
        return (connection < 0 || connection == index) && (this.round == 0 || this.round == round);
    }

    /** The fault as written on the command line, in one canonical form: {@code stall:2.5@1000,conn=3}. */
    public String text() {
        StringBuilder out = new StringBuilder(kind.text());
        if (kind == Kind.STALL) {
            out.append(':')
                    .append(BigDecimal.valueOf(stallNanos, 9)
                            .stripTrailingZeros()
                            .toPlainString());
        }
        out.append('@').append(offset);
        if (connection >= 0) {
            out.append(",conn=").append(connection);
        }
        if (round > 0) {
            out.append(",round=").append(round);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
