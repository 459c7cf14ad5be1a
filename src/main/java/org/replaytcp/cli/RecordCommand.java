package org.replaytcp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.replaytcp.inspect.CaptureInspection;
import org.replaytcp.inspect.CaptureInspector;
import org.replaytcp.tcp.ConnectionSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code record}: capture the TCP traffic of one port on the loopback interface into a pcapng file, the way a
 * user would in Wireshark, in one command. pcap4j (and so libpcap or Npcap) is loaded by this command only.
 */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        description = "Record the TCP traffic to or from a port (loopback interface by default) into a pcapng file "
                + "that replay-tcp and Wireshark read. Ctrl-C, --duration or --count ends it.")
final class RecordCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DebugOption debugOption;

    @Option(names = "--port", paramLabel = "N", description = "Record TCP traffic to or from port N.")
    private Integer port;

    @Option(
            names = "--interface",
            paramLabel = "NAME",
            description = "Capture interface (default: the loopback one; see --list-interfaces).")
    private String interfaceName;

    @Option(names = "--filter", paramLabel = "EXPR", description = "A BPF filter of your own instead of 'tcp port N'.")
    private String filter;

    /** Either a duration or a count. */
    static final class Limit {
        @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
        Double duration;

        @Option(names = "--count", paramLabel = "K", description = "Stop after K packets.")
        Long count;
    }

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    private Limit limit = new Limit();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE.pcapng",
            description = "Where to write the capture.")
    private Path output;

    @Option(names = "--list-interfaces", description = "List the interfaces libpcap sees, the loopback one marked.")
    private boolean listInterfaces;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            if (listInterfaces) {
                for (var nif : org.replaytcp.record.LiveRecorder.interfaces()) {
                    out.println((nif.loopback() ? "* " : "  ")
                            + nif.name()
                            + (nif.description() == null ? "" : "  (" + nif.description() + ")")
                            + (nif.loopback() ? "  [loopback]" : "")
                            + (nif.up() ? "" : "  [down]"));
                }
                out.flush();
                return 0;
            }
            if (output == null || port == null && filter == null) {
                throw new IllegalArgumentException("record needs --port N (or --filter EXPR) and -o FILE.pcapng");
            }
            if (port != null && filter != null) {
                throw new IllegalArgumentException("record takes --port N or --filter EXPR, not both (--filter "
                        + "replaces the 'tcp port N' filter; add the port to your expression)");
            }
            if (port != null && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException("--port must be 1-65535, not " + port);
            }
            String device = interfaceName != null ? interfaceName : org.replaytcp.record.LiveRecorder.loopbackName();
            String bpf = filter != null ? filter : "tcp port " + port;
            long deadline = limit != null && limit.duration != null
                    ? System.nanoTime() + (long) (limit.duration * 1e9)
                    : System.nanoTime() + Long.MAX_VALUE / 2;
            long count = limit != null && limit.count != null ? limit.count : 0;
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch written = new CountDownLatch(1);
            // Ctrl-C is how a recording normally ends: stop reading, let the file be completed and summed up, then
            // exit 0 (not the 130 of a signal: the recording succeeded).
            Thread onInterrupt = new Thread(
                    () -> {
                        stop.set(true);
                        try {
                            if (written.await(5, TimeUnit.SECONDS)) {
                                out.flush();
                                Runtime.getRuntime().halt(0);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "record-stop");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            err.println("replay-tcp: recording '" + bpf + "' on " + device + " into " + output + " (Ctrl-C to stop)");
            err.flush();
            try {
                long packets = org.replaytcp.record.LiveRecorder.record(device, bpf, output, count, deadline, stop);
                out.println(summary(output, packets));
                out.flush();
            } finally {
                written.countDown(); // the file is complete and summed up: a Ctrl-C hook may let the JVM go
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came: the hook ends the JVM with 0 now that the file is complete
            }
            return 0;
        } catch (org.replaytcp.record.LiveRecorder.RecordingUnavailable e) {
            err.println("replay-tcp: " + e.getMessage());
            err.flush();
            return ErrorReporter.EXIT_BAD_INPUT;
        }
    }

    /** One line: packets, connections, bytes each way, read back from the file just written. */
    private static String summary(Path file, long packets) throws Exception {
        CaptureInspection inspection = CaptureInspector.inspect(file, null);
        long toServer = 0;
        long toClient = 0;
        for (ConnectionSummary c : inspection.connections()) {
            toServer += c.clientToServerBytes();
            toClient += c.serverToClientBytes();
        }
        int connections = inspection.connections().size();
        return "recorded " + packets + (packets == 1 ? " packet, " : " packets, ") + connections
                + (connections == 1 ? " connection, " : " connections, ")
                + toServer + " bytes client->server, " + toClient + " bytes server->client: " + file;
    }
}
