package org.replaytcp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Properties;

/** What Camel tests of the shipped client route share: its properties, Polyview played by the sample's simulator, a sink. */
public final class SampleRoutes {

    private SampleRoutes() {}

    /** The shipped client route alone, replaying the sample at 4x toward 127.0.0.1:{@code port}, no summary printed. */
    public static Properties clientToward(int port) {
        Properties properties = new Properties();
        properties.put("replay.capture", "samples/daqbox-polyview.pcapng");
        properties.put("replay.port", "11000");
        properties.put("replay.speed", "4");
        properties.put("replay.print-summary", "false");
        properties.put("replay.server.enabled", "false");
        properties.put("polyview.host", "127.0.0.1");
        properties.put("polyview.port", Integer.toString(port));
        properties.put("polyview.listen", "127.0.0.1:" + port);
        return properties;
    }

    /**
     * Both shipped routes, one against the other on 127.0.0.1:{@code port}: the sample at 4x, a 2 s await timeout,
     * no summary printed.
     */
    public static Properties bothRolesOn(int port) {
        Properties properties = clientToward(port);
        properties.remove("replay.server.enabled");
        properties.put("replay.await-timeout", "2");
        return properties;
    }

    /** Loads the route file {@code file} into {@code context}, as a user's Camel test would. */
    public static void load(org.apache.camel.CamelContext context, Path file) throws Exception {
        org.apache.camel.spi.Resource routes =
                org.apache.camel.support.ResourceHelper.resolveMandatoryResource(context, "file:" + file);
        org.apache.camel.support.PluginHelper.getRoutesLoader(context).loadRoutes(routes);
    }

    /** The sample's simulator playing Polyview on {@code port}, a program of its own; listening when this returns. */
    public static Process polyviewSimulator(int port) throws Exception {
        Process polyview = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "samples/DaqboxPolyviewSimulator.java",
                        "polyview",
                        Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Cli.awaitListening(port);
        return polyview;
    }

    /** Accepts every connection on {@code server} and reads each to its end, answering nothing, until it is closed. */
    public static void sink(ServerSocket server) {
        Background.supply(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Background.supply(() -> drain(socket));
                } catch (IOException closed) {
                    return null;
                }
            }
            return null;
        });
    }

    private static Void drain(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // reset: nothing more to read
        }
        return null;
    }
}
