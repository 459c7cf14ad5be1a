package com.example.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.camel.Route;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The lab's own routes (src/main/resources/routes) replay replay-tcp's sample capture between themselves, one
 * playing DAQbox and one playing Polyview, with only what differs from the route defaults set here; the outcome is
 * asserted with a mock: endpoint. The sample holds 2 connections, replayed in both roles: 4 identical verdicts.
 */
class LabReplayTest extends CamelMainTestSupport {

    private static final int PORT = AvailablePortFinder.getNextAvailable();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("replay.capture", "../../samples/daqbox-polyview.pcapng");
        properties.put("replay.port", "11000");
        properties.put("polyview.port", Integer.toString(PORT));
        properties.put("polyview.listen", "127.0.0.1:" + PORT);
        properties.put("replay.done-uri", "mock:lab-replay-done");
        properties.put("replay.print-summary", "false");
        return properties;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("classpath:routes/*.yaml");
    }

    @Test
    void theLabsRoutesReplayTheSampleBetweenThemselves() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:lab-replay-done");
        done.setResultWaitTime(60_000);
        done.expectedMessageCount(1);
        done.expectedHeaderReceived("CamelReplaySucceeded", true);
        done.expectedHeaderReceived("CamelReplayConnections", 4);
        done.expectedHeaderReceived("CamelReplayVerdicts", new TreeMap<>(Map.of("identical", 4)));
        done.assertIsSatisfied();
    }

    @Test
    void onlyTheLabsOwnRoutesAreLoaded() {
        // replay-tcp's own route files must not come in through classpath:routes/*.yaml.
        List<String> ids = context.getRoutes().stream().map(Route::getRouteId).sorted().toList();
        assertEquals(List.of("lab-daqbox", "lab-listener", "lab-polyview"), ids);
    }
}
