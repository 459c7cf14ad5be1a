package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.replay.Verdict;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.SampleRoutes;

/**
 * The example health check (routes/examples/health-check.yaml): a {@code timer:} starts a round of the shipped client
 * route against a live Polyview — the sample's own simulator, a separate program — and each round's report reaches
 * the route. While Polyview runs, every round is as recorded; once it is gone, the next round says so.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthCheckRouteTest extends CamelTestSupport {

    private static final int PORT = FreePort.find();
    private Process polyview;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = SampleRoutes.clientToward(PORT);
        properties.put("replay.connect-timeout", "1");
        properties.put("health.period", "500");
        properties.put("health.delay", "2000");
        properties.put("health.timeout", "60");
        properties.put("health.report-uri", "mock:health");
        return properties;
    }

    @AfterEach
    void stopPolyview() {
        if (polyview != null) {
            polyview.destroyForcibly();
        }
    }

    @Test
    void everyTimerRoundReplaysThePolyviewConversationAndHandsItsReportOn() throws Exception {
        polyview = SampleRoutes.polyviewSimulator(PORT);
        MockEndpoint health = getMockEndpoint("mock:health");
        health.expectedMinimumMessageCount(3);
        health.setResultWaitTime(60_000);
        SampleRoutes.load(context, Path.of("routes/examples/health-check.yaml"));
        SampleRoutes.load(context, Path.of("routes/daqbox-to-polyview.yaml"));
        // The trigger's route is not started with the others: it waits for the timer's first round (2 s).
        assertFalse(context.getRouteController()
                .getRouteStatus("daqbox-to-polyview")
                .isStarted());
        assertEquals(0, ReplayRun.of(context).progress().bytesSent());
        health.assertIsSatisfied();
        List<Exchange> rounds = List.copyOf(health.getReceivedExchanges());
        java.util.Set<String> peers = new java.util.HashSet<>();
        for (Exchange round : rounds.subList(0, 3)) {
            ReplayReport report = round.getIn().getBody(ReplayReport.class);
            assertTrue(report.succeeded(), report.toString());
            assertEquals(true, round.getIn().getHeader(ReplayConstants.SUCCEEDED));
            assertEquals(Map.of("identical", 2), round.getIn().getHeader(ReplayConstants.VERDICTS));
            assertEquals(
                    List.of(0, 1),
                    report.connections().stream().map(ConnectionResult::index).toList());
            for (ConnectionResult c : report.connections()) {
                assertEquals(
                        9060 + 3912,
                        report.connections().stream()
                                .mapToLong(ConnectionResult::sentBytes)
                                .sum());
                assertEquals(Verdict.IDENTICAL, c.verdict());
                peers.add(c.client() + " " + c.live());
            }
        }

        // Polyview goes away: the next round says the replay could not connect.
        polyview.destroyForcibly();
        polyview.waitFor(10, TimeUnit.SECONDS);
        int seen = health.getReceivedCounter();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exchange failed = null;
        while (failed == null && System.nanoTime() < deadline) {
            List<Exchange> now = health.getReceivedExchanges();
            for (Exchange round : now.subList(Math.min(seen, now.size()), now.size())) {
                if (Boolean.FALSE.equals(round.getIn().getHeader(ReplayConstants.SUCCEEDED))) {
                    failed = round;
                }
            }
            Thread.sleep(50);
        }
        assertTrue(failed != null, "a round after Polyview went away");
        ReplayReport report = failed.getIn().getBody(ReplayReport.class);
        assertTrue(
                report.connections().stream()
                        .allMatch(c -> c.problem() != null
                                && c.problem().startsWith("could not connect to 127.0.0.1:" + PORT)),
                report.connections().toString());
    }
}
