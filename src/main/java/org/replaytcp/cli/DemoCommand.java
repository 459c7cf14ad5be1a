package org.replaytcp.cli;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code demo}: the bundled sample replayed in both roles at once, one against the other, on loopback. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Replay the bundled DAQbox/Polyview sample in both roles at once, one against the other over "
                + "loopback, and show that each side received exactly what was recorded.")
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DebugOption debugOption;

    @picocli.CommandLine.Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Write a report: FILE.json or FILE.html. Repeatable.")
    private java.util.List<Path> reports = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path sample = Files.createTempDirectory("replay-tcp-demo").resolve("daqbox-polyview.pcapng");
        try (InputStream in = DemoCommand.class.getResourceAsStream("/replay-tcp/samples/daqbox-polyview.pcapng")) {
            if (in == null) {
                throw new IllegalStateException("the sample capture is missing from the jar");
            }
            Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            int port = freeLoopbackPort();
            PacingOptions pacing = new PacingOptions();
            pacing.awaitTimeout = 10;
            ReplayLauncher.Selection selection =
                    ReplayLauncher.select(sample, null, org.replaytcp.camel.ConnectionSelection.ALL, null);
            Map<String, String> properties = ReplayProperties.common(sample, selection.serverPort(), pacing);
            properties.put("replay.client.enabled", "true");
            properties.put("replay.server.enabled", "true");
            properties.put("polyview.host", "127.0.0.1");
            properties.put("polyview.port", Integer.toString(port));
            properties.put("polyview.listen", "127.0.0.1:" + port);
            var out = spec.commandLine().getOut();
            out.println("Replaying the sample capture in both roles over 127.0.0.1:" + port + " ...");
            out.flush();
            VerifyOptions verify = new VerifyOptions();
            verify.verify = true;
            verify.quiet = true;
            verify.reports = reports;
            verify.validate();
            return ReplayExecution.run(
                    spec, properties, verify, ReplayExecution.totals(selection, true, true), 1.0, false, null);
        } finally {
            Files.deleteIfExists(sample);
            Files.deleteIfExists(sample.getParent());
        }
    }

    private static int freeLoopbackPort() throws java.io.IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
