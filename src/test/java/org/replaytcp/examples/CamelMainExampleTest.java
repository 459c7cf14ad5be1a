package org.replaytcp.examples;

import java.util.Map;
import java.util.Properties;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.replaytcp.camel.ReplayConstants;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.testing.FreePort;

/**
 * How a Camel team tests with replay-tcp: {@code CamelMainTestSupport} loads the shipped
 * {@code application.properties} and route files as {@code camel:run} does, the test overrides only what differs
 * (a free port, where the report goes), and asserts on the report Camel's way, with a {@code mock:} endpoint.
 * The sample capture holds 2 connections (see {@code samples/}); the demo replays each in both roles, so 4 verdicts.
 */
class CamelMainExampleTest extends CamelMainTestSupport {

    private static final int PORT = FreePort.find();

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties overrides = new Properties();
        overrides.put("polyview.port", Integer.toString(PORT));
        overrides.put("polyview.listen", "127.0.0.1:" + PORT);
        overrides.put("replay.done-uri", "mock:replay-done");
        overrides.put("replay.print-summary", "false");
        overrides.put("replay.exit-when-done", "false");
        return overrides;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.yaml");
    }

    @Test
    void theDemoReplaysBothRolesAndReportsToTheDoneEndpoint() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:replay-done");
        done.setResultWaitTime(60_000);
        done.expectedMessageCount(1);
        done.expectedHeaderReceived(ReplayConstants.SUCCEEDED, true);
        done.expectedHeaderReceived(ReplayConstants.CONNECTIONS, 4);
        done.expectedHeaderReceived(ReplayConstants.VERDICTS, new java.util.TreeMap<>(Map.of("identical", 4)));
        done.message(0).body().isInstanceOf(ReplayReport.class);
        done.assertIsSatisfied();
    }
}
