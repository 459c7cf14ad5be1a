package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Socket;
import java.util.Properties;
import org.apache.camel.component.netty.NettyEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * {@code polyview.listen} as the README allows it, {@code [ADDRESS:]PORT}: a bare port listens on 127.0.0.1 (it
 * made a host named after the port before), and a DAQbox connecting there gets Polyview's recorded greeting.
 */
class ListenAddressTest extends CamelTestSupport {

    private static final int PORT = FreePort.find();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("replay.capture", "samples/daqbox-polyview.pcapng");
        properties.put("replay.port", "11000");
        properties.put("replay.server.enabled", "true");
        properties.put("replay.speed", "1");
        properties.put("replay.top-speed", "false");
        properties.put("replay.max-gap", "0");
        properties.put("replay.await-peer", "false");
        properties.put("replay.await-timeout", "1");
        properties.put("replay.accept-timeout", "1");
        properties.put("replay.print-summary", "false");
        properties.put("replay.verify", "false");
        properties.put("replay.ignore", "");
        properties.put("replay.ignore-bytes", "");
        properties.put("polyview.listen", Integer.toString(PORT));
        return properties;
    }

    @Test
    void aBarePortListensOnLoopbackAndServesTheGreeting() throws Exception {
        // tshark first: the replay gives its client one second (replay.accept-timeout) once it starts.
        byte[] greeting = java.util.Arrays.copyOf(
                Tshark.followAll(java.nio.file.Path.of("samples/daqbox-polyview.pcapng"))
                        .get(0)
                        .fromNode1(),
                20);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:routes/polyview-to-daqbox.yaml"));
        NettyEndpoint listener =
                (NettyEndpoint) context.getRoute("polyview-listener").getEndpoint();
        assertEquals("127.0.0.1", listener.getConfiguration().getHost());
        assertEquals(PORT, listener.getConfiguration().getPort());
        try (Socket daqbox = org.replaytcp.testing.Cli.connectWhenListening(PORT)) {
            assertArrayEquals(greeting, daqbox.getInputStream().readNBytes(20));
        }
    }

    @Test
    void listenSettingsAreReadAsAddressAndPort() {
        assertEquals("127.0.0.1:11000", ListenAddressFunction.authority("11000", "polyview.listen"));
        assertEquals("0.0.0.0:11000", ListenAddressFunction.authority("0.0.0.0:11000", "polyview.listen"));
        assertEquals("[::1]:11000", ListenAddressFunction.authority("[::1]:11000", "polyview.listen"));
        assertEquals("[::1]:11000", ListenAddressFunction.authority("::1:11000", "polyview.listen"));
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> ListenAddressFunction.authority("127.0.0.1:eleven", "polyview.listen"));
        assertEquals(
                "polyview.listen: '127.0.0.1:eleven' is not [ADDRESS:]PORT with a port from 1 to 65535",
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ListenAddressFunction.authority("70000", "polyview.listen"));
    }
}
