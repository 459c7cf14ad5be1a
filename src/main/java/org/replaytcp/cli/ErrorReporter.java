package org.replaytcp.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns an exception from a subcommand into one line on stderr and an exit code: 2 for bad input, 1 for
 * anything else. The stack trace is printed only with {@code --debug}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        return report(e, commandLine.getErr(), debugRequested(commandLine));
    }

    /** Says what went wrong on {@code err} (with the stack trace when {@code debug}); the exit code. */
    static int report(Exception e, java.io.PrintWriter err, boolean debug) {
        err.println("replay-tcp: " + describe(e));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof IOException || e instanceof IllegalArgumentException ? EXIT_BAD_INPUT : EXIT_FAILED;
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static boolean debugRequested(CommandLine commandLine) {
        return commandLine.getCommandSpec().mixins().values().stream()
                .map(mixin -> mixin.userObject())
                .anyMatch(option -> option instanceof DebugOption debug && debug.debug);
    }
}
