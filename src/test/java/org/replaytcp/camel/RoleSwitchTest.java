package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.replay.Verdict;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * {@code replay.client.enabled} / {@code replay.server.enabled} switch a role off in either DSL: two Camel
 * applications load the same route files, one with only the server role (it plays Polyview and listens), the other
 * with only the client role (it plays DAQbox toward the first). Had a switch not worked, the first would also
 * connect out and the second would try to listen on the same port.
 */
class RoleSwitchTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");

    @ParameterizedTest
    @ValueSource(strings = {"file:routes/*.yaml", "file:routes/xml/*.xml"})
    void eachApplicationPlaysOnlyTheRoleLeftOn(String routes) throws Exception {
        int port = FreePort.find();
        int recordedConnections = Tshark.streamIndices(SAMPLE).size(); // tshark's count, not ours
        Main polyview = start(routes, port, "server");
        try {
            Main daqbox = start(routes, port, "client");
            try {
                ReplayReport client =
                        ReplayRun.of(daqbox.getCamelContext()).result().get(60, TimeUnit.SECONDS);
                ReplayReport server =
                        ReplayRun.of(polyview.getCamelContext()).result().get(60, TimeUnit.SECONDS);
                assertOnly("client", recordedConnections, client);
                assertOnly("server", recordedConnections, server);
                assertEquals(
                        ServiceStatus.Stopped,
                        daqbox.getCamelContext().getRouteController().getRouteStatus("polyview-to-daqbox"));
                assertEquals(
                        ServiceStatus.Stopped,
                        polyview.getCamelContext().getRouteController().getRouteStatus("daqbox-to-polyview"));
            } finally {
                daqbox.stop();
            }
        } finally {
            polyview.stop();
        }
    }

    private static void assertOnly(String role, int recordedConnections, ReplayReport report) {
        assertEquals(recordedConnections, report.connections().size(), report.toString());
        for (ConnectionResult connection : report.connections()) {
            assertEquals(List.of(role, Verdict.IDENTICAL), List.of(connection.role(), connection.verdict()));
        }
    }

    /** A Camel application with the route files of {@code routes}, playing only {@code role}. */
    private static Main start(String routes, int port, String role) throws Exception {
        Properties properties = new Properties();
        properties.put("replay.capture", SAMPLE.toString());
        properties.put("replay.port", "11000");
        properties.put("replay.speed", "4");
        properties.put("replay.print-summary", "false");
        properties.put("replay.client.enabled", Boolean.toString(role.equals("client")));
        properties.put("replay.server.enabled", Boolean.toString(role.equals("server")));
        properties.put("polyview.port", Integer.toString(port));
        properties.put("polyview.listen", "127.0.0.1:" + port);
        Main main = new Main();
        main.setInitialProperties(properties);
        main.configure().withRoutesIncludePattern(routes);
        main.start();
        return main;
    }
}
