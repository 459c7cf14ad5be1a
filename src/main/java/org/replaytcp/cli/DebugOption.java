package org.replaytcp.cli;

import picocli.CommandLine.Option;

/** {@code --debug}: shown a stack trace with the error message. Mixed into every subcommand. */
public final class DebugOption {

    @Option(names = "--debug", description = "On an error, print the stack trace too.")
    boolean debug;
}
