package org.replaytcp.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code replay-tcp} command line: one subcommand per job. */
@Command(
        name = "replay-tcp",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Replays the TCP conversations of a Wireshark capture against live programs, playing either side.",
            "",
            "The two jobs:",
            "  test Polyview alone:  replay-tcp client CAPTURE --connect HOST:11000",
            "                        (plays the recorded client, DAQbox, toward the live server)",
            "  test DAQbox alone:    replay-tcp server CAPTURE --listen 11000",
            "                        (plays the recorded server, Polyview; then start DAQbox)"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the replay or its verification failed", "2:bad input (usage, capture file)"})
public final class ReplayTcpCli implements Runnable {

    /**
     * The subcommands, made on demand: picocli reflects over every option of every subcommand it is given, which
     * costs a tenth of a second at start-up, so a run gets only the one it names (help and usage get them all).
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("inspect", InspectCommand::new);
        all.put("client", ClientCommand::new);
        all.put("server", ServerCommand::new);
        all.put("demo", DemoCommand::new);
        all.put("record", RecordCommand::new);
        all.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(all);
    }

    public static void main(String[] args) {
        // The command line speaks through its own output (summary, one-line errors); library logging only with --debug.
        boolean debug = Arrays.asList(args).contains("--debug");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "info" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        keepNettyOffUnsafeUnlessAllowed();
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * From Java 24 the JVM warns on the console when {@code sun.misc.Unsafe}'s memory access is used, unless
     * started with {@code --sun-misc-unsafe-memory-access=allow} (which {@code bin/replay-tcp} passes; the JVM then
     * sets the property {@code sun.misc.unsafe.memory.access}). Without it (a plain {@code java -jar}), netty is
     * told to do without Unsafe before it loads, so the user sees no warning; an explicit {@code io.netty.noUnsafe}
     * is left alone.
     */
    static void keepNettyOffUnsafeUnlessAllowed() {
        if (Runtime.version().feature() >= 24
                && System.getProperty("sun.misc.unsafe.memory.access") == null
                && System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        java.util.Optional<InspectFastPath.Request> inspect = InspectFastPath.parse(args);
        if (inspect.isPresent()) {
            return inspect.get().run(out, err);
        }
        return executeWithPicocli(out, err, args);
    }

    /** {@link #execute} without the fast path for {@code inspect}: every command line through picocli. */
    static int executeWithPicocli(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new ReplayTcpCli());
        String named =
                Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        boolean justOne = SUBCOMMANDS.containsKey(named) && !named.equals("help");
        // `replay-tcp --version` names no subcommand and needs none: building them all took ~0.1 s of its 0.4 s.
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        SUBCOMMANDS.forEach((name, make) -> {
            if (!versionOnly && (!justOne || name.equals(named))) {
                commandLine.addSubcommand(name, make.get());
            }
        });
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
