package org.replaytcp.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code server}: play the recorded server (Polyview) for a live client (DAQbox). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Play the recorded server for a live client: listen on [ADDRESS:]PORT, accept the client "
                + "from whatever port it uses, and send what the server sent, with its timing. The Nth accepted "
                + "connection plays the Nth recorded one.")
final class ServerCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DebugOption debugOption;

    @Parameters(paramLabel = "CAPTURE", description = "A .pcap or .pcapng file.")
    private Path capture;

    @Option(names = "--listen", required = true, paramLabel = "[ADDRESS:]PORT",
            description = "Where to listen; the address defaults to 127.0.0.1.")
    private String listen;

    @Option(names = "--port", paramLabel = "N",
            description = "Replay the recorded connections whose server port is N (needed when there are several).")
    private Integer port;

    @CommandLine.Mixin
    private PacingOptions pacing;

    @CommandLine.Mixin
    private VerifyOptions verifyOptions;

    @Option(names = "--accept-timeout", paramLabel = "S", defaultValue = "60",
            description = "Seconds to wait for each client to connect (default: ${DEFAULT-VALUE}).")
    private double acceptTimeout;

    @Override
    public Integer call() throws Exception {
        pacing.validate();
        verifyOptions.validate();
        HostPort where = HostPort.parse(listen, "--listen", "127.0.0.1");
        if (where.host().equals("0.0.0.0") || where.host().equals("::") || where.host().equals("0:0:0:0:0:0:0:0")) {
            spec.commandLine().getErr().println("replay-tcp: warning: listening on all interfaces (" + where.host()
                    + "): anyone who can reach this machine can connect");
            spec.commandLine().getErr().flush();
        }
        ReplayLauncher.Selection selection = ReplayLauncher.select(capture, port, spec.commandLine().getErr());
        int serverPort = selection.serverPort();
        Map<String, String> properties = ReplayProperties.common(capture, serverPort, pacing);
        properties.put("replay.client.enabled", "false");
        properties.put("replay.server.enabled", "true");
        properties.put("polyview.listen", where.uriAuthority());
        properties.put("replay.accept-timeout", Double.toString(acceptTimeout));
        ReplayExecution.Totals totals = ReplayExecution.totals(selection, false, true);
        return ReplayExecution.run(spec, properties, verifyOptions, totals, pacing.speedValue(), pacing.topSpeedValue());
    }
}
