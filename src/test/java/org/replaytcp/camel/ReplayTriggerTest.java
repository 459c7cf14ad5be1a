package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.SampleRoutes;

/**
 * A {@link ReplayTrigger} on a {@code direct:} route: a round that does not end in time fails its exchange in one
 * line and is given up, and the next round starts afresh and ends as recorded; bad settings are refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayTriggerTest extends CamelTestSupport {

    private static final int PORT = FreePort.find();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return SampleRoutes.clientToward(PORT);
    }

    @Test
    void aRoundThatOutlastsItsTimeoutIsGivenUpAndTheNextOneStartsAfresh() throws Exception {
        ReplayTrigger trigger = new ReplayTrigger();
        trigger.setRoutes("daqbox-to-polyview");
        trigger.setTimeout(1.5);
        trigger.setCamelContext(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:round").process(trigger);
            }
        });
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:routes/daqbox-to-polyview.yaml"));
        assertTrue(context.getRouteController()
                .getRouteStatus("daqbox-to-polyview")
                .isStopped());

        // A Polyview that takes the connections and never greets: the replay waits for it (await-peer, 10 s).
        try (ServerSocket silent = new ServerSocket(PORT, 5, InetAddress.getLoopbackAddress())) {
            SampleRoutes.sink(silent);
            CamelExecutionException late =
                    assertThrows(CamelExecutionException.class, () -> template.sendBody("direct:round", "go"));
            assertEquals(
                    "replay trigger: the replay of daqbox-to-polyview did not end within 1.5 s",
                    late.getCause().getMessage());
            assertTrue(context.getRouteController()
                    .getRouteStatus("daqbox-to-polyview")
                    .isStopped());
        }

        Process polyview = SampleRoutes.polyviewSimulator(PORT);
        try {
            trigger.setTimeout(60);
            Exchange round = template.send("direct:round", e -> e.getIn().setBody("go"));
            ReplayReport report = round.getMessage().getBody(ReplayReport.class);
            assertTrue(report.succeeded(), String.valueOf(report));
            assertEquals(2, report.connections().size());
            assertEquals(
                    9060 + 3912,
                    report.connections().get(0).sentBytes()
                            + report.connections().get(1).sentBytes());
        } finally {
            polyview.destroyForcibly();
        }
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        ReplayTrigger trigger = new ReplayTrigger();
        assertEquals(
                "replay trigger: timeout must be more than 0 seconds, not 0.0",
                assertThrows(IllegalArgumentException.class, () -> trigger.setTimeout(0))
                        .getMessage());
        trigger.setRoutes("no-such-route");
        trigger.setCamelContext(context);
        Exchange exchange = new org.apache.camel.support.DefaultExchange(context);
        assertEquals(
                "replay trigger: no route no-such-route to start (routes: no-such-route)",
                assertThrows(IllegalArgumentException.class, () -> trigger.process(exchange))
                        .getMessage());
    }
}
