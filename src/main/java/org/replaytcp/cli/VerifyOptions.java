package org.replaytcp.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.replaytcp.replay.IgnoreRules;
import picocli.CommandLine.Option;

/** Verification, reports and progress flags shared by {@code client} and {@code server}. Names are a contract. */
final class VerifyOptions {

    /** On by default (this is a test tool); {@code --verify} stays accepted for the scripts that say it. */
    @Option(
            names = "--verify",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Compare what the live peer sends with the recording; exit 1 unless every verified "
                    + "connection is identical (default). --no-verify: only replay.")
    boolean verify = true;

    @Option(
            names = "--ignore",
            paramLabel = "REGEX",
            description = "Do not compare what this regular expression matches in the recorded peer stream (all of "
                    + "the match, or only its groups). Repeatable. E.g. 'Date: [^\\r]*'.")
    List<String> ignore = new ArrayList<>();

    @Option(
            names = "--ignore-bytes",
            paramLabel = "PREFIX:FROM-TO",
            description = "Do not compare bytes FROM..TO of every binary frame that starts with the hex PREFIX, "
                    + "e.g. AA55:8-15. Repeatable.")
    List<String> ignoreBytes = new ArrayList<>();

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Write a report: FILE.json (for scripts) or FILE.html (a page with timelines). Repeatable.")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    void validate() {
        for (Path report : reports) {
            String name = report.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".json") && !name.endsWith(".html") && !name.endsWith(".htm")) {
                throw new IllegalArgumentException("--report " + report + ": the name must end in .json or .html");
            }
        }
        if (!verify && (!ignore.isEmpty() || !ignoreBytes.isEmpty())) {
            throw new IllegalArgumentException("--ignore and --ignore-bytes compare nothing with --no-verify");
        }
        IgnoreRules.of(ignore, ignoreBytes); // a rule that does not parse is bad input, before anything connects
    }

    /**
     * The regular expressions as the {@code replay.ignore} property: one per line, each line ended. Camel's property
     * placeholders drop a backslash that comes just before a value's last character ({@code \r\n} would lose
     * the one before {@code n}); a value that ends with a newline has no such character.
     */
    String ignoreProperty() {
        StringBuilder lines = new StringBuilder();
        ignore.forEach(regex -> lines.append(regex).append('\n'));
        return lines.toString();
    }
}
