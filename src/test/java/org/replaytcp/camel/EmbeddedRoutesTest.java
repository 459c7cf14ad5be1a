package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.Verdict;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/**
 * The shipped route files embedded in a camel-test-junit5 test, as users' own test infrastructure would: both
 * roles of the sample replayed one against the other at recorded timing (4x), the verdicts read from the run, and no
 * segment written before its due time.
 */
class EmbeddedRoutesTest extends CamelTestSupport {

    /** Static: camel-test asks for the properties while the test instance is still being built. */
    private static final int PORT = FreePort.find();

    /** Only what differs from the route files' defaults: an embedding project sets no more. */
    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("replay.capture", "samples/daqbox-polyview.pcapng");
        properties.put("replay.port", "11000");
        properties.put("replay.speed", "4");
        properties.put("replay.print-summary", "false");
        properties.put("polyview.port", Integer.toString(PORT));
        properties.put("polyview.listen", "127.0.0.1:" + PORT);
        return properties;
    }

    @Test
    void theShippedRoutesReplayBothRolesWithIdenticalVerdicts() throws Exception {
        for (String file : List.of("routes/polyview-to-daqbox.yaml", "routes/daqbox-to-polyview.yaml")) {
            Resource routes = ResourceHelper.resolveMandatoryResource(context, "file:" + file);
            PluginHelper.getRoutesLoader(context).loadRoutes(routes);
        }
        List<ConnectionResult> results =
                ReplayRun.of(context).result().get(60, TimeUnit.SECONDS).connections();

        var recorded = Tshark.followAll(java.nio.file.Path.of("samples/daqbox-polyview.pcapng"));
        assertEquals(4, results.size());
        for (ConnectionResult result : results) {
            Tshark.Followed expected = recorded.get(result.index());
            boolean client = result.role().equals("client");
            long sent = (client ? expected.fromNode0() : expected.fromNode1()).length;
            long received = (client ? expected.fromNode1() : expected.fromNode0()).length;
            assertEquals(sent, result.sentBytes(), result.toString());
            assertEquals(received, result.receivedBytes(), result.toString());
            assertEquals(Verdict.IDENTICAL, result.verdict(), result.toString());
            assertEquals(-1, result.firstDifferenceOffset());
            // Segments are handed to netty ahead of time; the encoder must still hold each until it is due.
            assertEquals(0, result.lateness().earlyCount(), "segments written before their due time: " + result);
            assertEquals(true, result.lateness().count() > 0, result.toString());
        }
    }
}
