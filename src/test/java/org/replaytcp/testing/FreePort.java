package org.replaytcp.testing;

import org.apache.camel.test.AvailablePortFinder;

/**
 * A loopback port for a replay to listen on, from Camel's {@link AvailablePortFinder}: it never hands out the same
 * port twice in one JVM, so tests running side by side do not race for a port one of them just released.
 */
public final class FreePort {

    private FreePort() {}

    public static int find() {
        return AvailablePortFinder.getNextAvailable();
    }
}
