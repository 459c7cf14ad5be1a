package org.replaytcp.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code server}: play the recorded server (Polyview) for a live client (DAQbox). */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Play the recorded server for a live client: listen on [ADDRESS:]PORT, accept the client "
                + "from whatever port it uses, and send what the server sent, with its timing. The Nth accepted "
                + "connection plays the Nth recorded one.")
final class ServerCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DebugOption debugOption;

    @CommandLine.Mixin
    private SharedReplayOptions shared;

    @Option(
            names = "--listen",
            required = true,
            paramLabel = "[ADDRESS:]PORT",
            description = "Where to listen; the address defaults to 127.0.0.1.")
    private String listen;

    @Option(
            names = "--accept-timeout",
            paramLabel = "S",
            defaultValue = "60",
            description = "Seconds to wait for each client to connect (default: ${DEFAULT-VALUE}).")
    private double acceptTimeout;

    @Override
    public Integer call() throws Exception {
        shared.validate();
        HostPort where = HostPort.parse(listen, "--listen", "127.0.0.1");
        if (where.host().equals("0.0.0.0")
                || where.host().equals("::")
                || where.host().equals("0:0:0:0:0:0:0:0")) {
            spec.commandLine()
                    .getErr()
                    .println("replay-tcp: warning: listening on all interfaces (" + where.host()
                            + "): anyone who can reach this machine can connect");
            spec.commandLine().getErr().flush();
        }
        SharedReplayOptions.Prepared prepared =
                shared.prepare(spec.commandLine().getErr());
        Map<String, String> properties = prepared.properties();
        properties.put("polyview.listen", where.uriAuthority());
        properties.put("replay.accept-timeout", Double.toString(acceptTimeout));
        return shared.run(spec, prepared, false);
    }
}
