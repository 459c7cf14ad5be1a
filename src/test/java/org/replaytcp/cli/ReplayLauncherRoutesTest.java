package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run loads the route files of the roles it plays, and only those. */
class ReplayLauncherRoutesTest {

    @Test
    void theClientCommandLoadsOnlyTheClientRoute() {
        assertEquals(
                "classpath:replay-tcp/routes/daqbox-to-polyview.yaml",
                ReplayLauncher.routesFor(Map.of("replay.client.enabled", "true", "replay.server.enabled", "false")));
    }

    @Test
    void theServerCommandLoadsOnlyTheServerRoute() {
        assertEquals(
                "classpath:replay-tcp/routes/polyview-to-daqbox.yaml",
                ReplayLauncher.routesFor(Map.of("replay.client.enabled", "false", "replay.server.enabled", "true")));
    }

    @Test
    void theDemoAndAnythingUnsaidLoadBoth() {
        String both = "classpath:replay-tcp/routes/daqbox-to-polyview.yaml,"
                + "classpath:replay-tcp/routes/polyview-to-daqbox.yaml";
        assertEquals(
                both,
                ReplayLauncher.routesFor(Map.of("replay.client.enabled", "true", "replay.server.enabled", "true")));
        assertEquals(both, ReplayLauncher.routesFor(Map.of()));
    }
}
