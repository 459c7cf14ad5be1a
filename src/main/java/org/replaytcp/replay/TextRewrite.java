package org.replaytcp.replay;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rewrite rule for the text we send ({@code --rewrite 'REGEX=>REPLACEMENT'}): what REGEX matches in a segment of
 * ours (read byte for byte as ISO-8859-1) is replaced. The replacement may hold {@code ${round}} (the loop's round,
 * from 1), {@code ${conn}} (the recorded connection's index), {@code ${counter}} (this rule's count over the run:
 * 1 for its first match, then one more for each) and {@code ${now:FORMAT}} (the current time, as
 * {@link DateTimeFormatter} patterns write it, in the machine's zone); {@code $1} to {@code $9} are the match's
 * groups, and a backslash takes the next character as it is ({@code \$} for a dollar sign).
 *
 * @param text         the rule as given
 * @param pattern      REGEX
 * @param replacement  REPLACEMENT, split at its placeholders
 */
public record TextRewrite(String text, Pattern pattern, List<Part> replacement) {

    /** A piece of a replacement: text as it is (groups still to fill), or a placeholder. */
    public sealed interface Part {}

    /** Replacement text; {@code $1} and {@code \$} are Java's. */
    public record Literal(String text) implements Part {}

    /** {@code ${round}}, {@code ${conn}}, {@code ${counter}}. */
    public record Value(String name) implements Part {}

    /** {@code ${now:FORMAT}}. */
    public record Now(DateTimeFormatter format) implements Part {}

    /** What the placeholders stand for at one match. */
    public record Values(int round, int connection, long counter, ZonedDateTime now) {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)(?::([^}]*))?}");

    /**
     * Reads {@code REGEX=>REPLACEMENT}.
     *
     * @throws IllegalArgumentException in one line naming the rule and what is wrong
     */
    public static TextRewrite parse(String text) {
        String rule = text == null ? "" : text;
        int arrow = rule.indexOf("=>");
        if (arrow <= 0) {
            throw new IllegalArgumentException(
                    "--rewrite '" + rule + "' is not REGEX=>REPLACEMENT (e.g. " + "'ACK (\\d+)=>ACK ${counter}')");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(rule.substring(0, arrow));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--rewrite '" + rule + "': the regex does not parse: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
        List<Part> parts = new ArrayList<>();
        String replacement = rule.substring(arrow + 2);
        Matcher m = PLACEHOLDER.matcher(replacement);
        int at = 0;
        while (m.find()) {
            if (m.start() > 0 && replacement.charAt(m.start() - 1) == '\\') {
                continue; // \${...} is text
            }
            if (m.start() > at) {
                parts.add(new Literal(replacement.substring(at, m.start())));
            }
            parts.add(placeholder(rule, m.group(1), m.group(2)));
            at = m.end();
        }
        if (at < replacement.length()) {
            parts.add(new Literal(replacement.substring(at)));
        }
        TextRewrite parsed = new TextRewrite(rule, pattern, List.copyOf(parts));
        parsed.checkGroups();
        return parsed;
    }

    private static Part placeholder(String rule, String name, String argument) {
        switch (name) {
            case "round", "conn", "counter" -> {
                if (argument != null) {
                    throw new IllegalArgumentException("--rewrite '" + rule + "': ${" + name + "} takes no format");
                }
                return new Value(name);
            }
            case "now" -> {
                if (argument == null || argument.isEmpty()) {
                    throw new IllegalArgumentException(
                            "--rewrite '" + rule + "': ${now:FORMAT} needs a format, e.g. ${now:HH:mm:ss}");
                }
                try {
                    return new Now(DateTimeFormatter.ofPattern(argument));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "--rewrite '" + rule + "': ${now:" + argument + "}: " + e.getMessage());
                }
            }
            default ->
                throw new IllegalArgumentException("--rewrite '" + rule + "': no placeholder ${" + name
                        + "} (there are ${round}, ${conn}, ${counter} and ${now:FORMAT})");
        }
    }

    /** A group the replacement names must be in the regex: found now, not at the first match. */
    private void checkGroups() {
        Matcher probe = pattern.matcher("");
        for (Part part : replacement) {
            if (part instanceof Literal literal) {
                Matcher ref = Pattern.compile("(?<!\\\\)\\$(\\d)").matcher(literal.text());
                while (ref.find()) {
                    if (Integer.parseInt(ref.group(1)) > probe.groupCount()) {
                        throw new IllegalArgumentException("--rewrite '" + text + "': $" + ref.group(1)
                                + " names a group the regex does not have (it has " + probe.groupCount() + ")");
                    }
                }
            }
        }
    }

    /** Whether the replacement counts ({@code ${counter}}): each match then takes the next number. */
    public boolean counts() {
        return replacement.stream()
                .anyMatch(p -> p instanceof Value v && v.name().equals("counter"));
    }

    /** The replacement for the match {@code m} is at, with the placeholders filled in. */
    public String expand(Matcher m, Values values) {
        StringBuilder out = new StringBuilder();
        for (Part part : replacement) {
            if (part instanceof Literal literal) {
                appendLiteral(out, literal.text(), m);
            } else if (part instanceof Value value) {
                out.append(
                        switch (value.name()) {
                            case "round" -> Integer.toString(values.round());
                            case "conn" -> Integer.toString(values.connection());
                            default -> Long.toString(values.counter());
                        });
            } else if (part instanceof Now now) {
                out.append(now.format().format(values.now()));
            }
        }
        return out.toString();
    }

    /** Replacement text: {@code $1}..{@code $9} are the match's groups, a backslash takes the next character as is. */
    private static void appendLiteral(StringBuilder out, String literal, Matcher m) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '\\' && i + 1 < literal.length()) {
                out.append(literal.charAt(++i));
            } else if (c == '$' && i + 1 < literal.length() && Character.isDigit(literal.charAt(i + 1))) {
                String group = m.group(literal.charAt(++i) - '0');
                out.append(group == null ? "" : group);
            } else {
                out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
