package org.replaytcp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code replay-tcp} command line: one subcommand per job. */
@Command(name = "replay-tcp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Replays the TCP conversations of a Wireshark capture against live programs, playing either side.",
        subcommands = {InspectCommand.class, ClientCommand.class, ServerCommand.class, DemoCommand.class, RecordCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the replay or its verification failed", "2:bad input (usage, capture file)"})
public final class ReplayTcpCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The command line speaks through its own output (summary, one-line errors); library logging only with --debug.
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "info" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new ReplayTcpCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
