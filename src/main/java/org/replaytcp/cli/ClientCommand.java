package org.replaytcp.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code client}: play the recorded client (DAQbox) toward a live server (Polyview). */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Play the recorded client toward a live server: connect to HOST:PORT once per recorded "
                + "connection and send what the client sent, with its timing.")
final class ClientCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DebugOption debugOption;

    @Parameters(paramLabel = "CAPTURE", description = "A .pcap or .pcapng file.")
    private Path capture;

    @Option(names = "--connect", required = true, paramLabel = "HOST:PORT", description = "The live server.")
    private String connect;

    @Option(names = "--port", paramLabel = "N",
            description = "Replay the recorded connections whose server port is N (needed when there are several).")
    private Integer port;

    @CommandLine.Mixin
    private PacingOptions pacing;

    @CommandLine.Mixin
    private VerifyOptions verifyOptions;

    @Option(names = "--connect-timeout", paramLabel = "S", defaultValue = "30",
            description = "Seconds allowed for each connection to be set up (default: ${DEFAULT-VALUE}).")
    private double connectTimeout;

    @Override
    public Integer call() throws Exception {
        pacing.validate();
        verifyOptions.validate();
        HostPort target = HostPort.parse(connect, "--connect");
        ReplayLauncher.Selection selection = ReplayLauncher.select(capture, port, spec.commandLine().getErr());
        int serverPort = selection.serverPort();
        Map<String, String> properties = ReplayProperties.common(capture, serverPort, pacing);
        properties.put("replay.client.enabled", "true");
        properties.put("replay.server.enabled", "false");
        properties.put("polyview.host", target.host());
        properties.put("polyview.port", Integer.toString(target.port()));
        if (!(connectTimeout > 0)) {
            throw new IllegalArgumentException("--connect-timeout must be above 0");
        }
        properties.put("replay.connect-timeout-ms", Long.toString(Math.round(connectTimeout * 1000)));
        ReplayExecution.Totals totals = ReplayExecution.totals(selection, true, false);
        return ReplayExecution.run(spec, properties, verifyOptions, totals, pacing.speedValue(), pacing.topSpeedValue());
    }
}
