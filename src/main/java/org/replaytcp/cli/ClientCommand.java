package org.replaytcp.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code client}: play the recorded client (DAQbox) toward a live server (Polyview). */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description = "Play the recorded client toward a live server: connect to HOST:PORT once per recorded "
                + "connection and send what the client sent, with its timing.")
final class ClientCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DebugOption debugOption;

    @CommandLine.Mixin
    private SharedReplayOptions shared;

    @Option(names = "--connect", required = true, paramLabel = "HOST:PORT", description = "The live server.")
    private String connect;

    @Option(
            names = "--connect-timeout",
            paramLabel = "S",
            defaultValue = "30",
            description = "Seconds allowed for each connection to be set up (default: ${DEFAULT-VALUE}).")
    private double connectTimeout;

    @Override
    public Integer call() throws Exception {
        shared.validate();
        HostPort target = HostPort.parse(connect, "--connect");
        SharedReplayOptions.Prepared prepared =
                shared.prepare(spec.commandLine().getErr());
        Map<String, String> properties = prepared.properties();
        properties.put("polyview.host", target.uriHost()); // IPv6 in brackets, as a URI needs
        properties.put("polyview.port", Integer.toString(target.port()));
        if (!(connectTimeout > 0)) {
            throw new IllegalArgumentException("--connect-timeout must be above 0");
        }
        properties.put("replay.connect-timeout", Double.toString(connectTimeout));
        return shared.run(spec, prepared, true);
    }
}
