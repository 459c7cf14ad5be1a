package org.replaytcp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.replaytcp.capture.CaptureProblem;
import org.replaytcp.inspect.CaptureInspection;
import org.replaytcp.inspect.CaptureInspector;
import org.replaytcp.inspect.InspectionJson;
import org.replaytcp.inspect.InspectionTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inspect CAPTURE}: lists the TCP connections of a capture, like Wireshark's Conversations dialog. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "List the TCP connections of a capture: who is client and server, bytes each way, "
                + "retransmissions, losses, how each ended; then what was skipped and why.")
final class InspectCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DebugOption debugOption;

    @Parameters(paramLabel = "CAPTURE", description = "A .pcap or .pcapng file.")
    private Path capture;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    private boolean json;

    @Option(
            names = "--server-port",
            paramLabel = "N",
            description = "For connections whose SYN is not in the capture: the server listens on port N.")
    private Integer serverPort;

    @Override
    public Integer call() throws Exception {
        return run(
                capture,
                serverPort,
                json,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** What {@code inspect} does once its command line is read (also by {@link InspectFastPath}); the exit code. */
    static int run(Path capture, Integer serverPort, boolean json, PrintWriter out, PrintWriter err) throws Exception {
        CaptureInspection inspection = CaptureInspector.inspect(capture, serverPort);
        out.print(json ? InspectionJson.format(inspection) + "\n" : InspectionTable.format(inspection));
        out.flush();
        if (json) {
            for (CaptureProblem problem : inspection.problems()) {
                err.println("replay-tcp: " + problem);
            }
        }
        boolean nothingUsable =
                inspection.packets() == 0 && !inspection.problems().isEmpty();
        return nothingUsable ? ErrorReporter.EXIT_BAD_INPUT : 0;
    }
}
