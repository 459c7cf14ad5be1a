package org.replaytcp.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The command line's choices as the properties the route files read (see application.properties). */
final class ReplayProperties {

    private ReplayProperties() {}

    static Map<String, String> common(Path capture, int serverPort, PacingOptions pacing) {
        Map<String, String> properties = new HashMap<>();
        properties.put("replay.capture", capture.toAbsolutePath().toString());
        properties.put("replay.port", Integer.toString(serverPort));
        properties.put("replay.speed", Double.toString(pacing.speedValue()));
        properties.put("replay.top-speed", Boolean.toString(pacing.topSpeedValue()));
        properties.put("replay.max-gap", pacing.maxGap == null ? "0" : Double.toString(pacing.maxGap));
        properties.put("replay.await-peer", Boolean.toString(!pacing.noAwaitPeer));
        properties.put("replay.await-timeout", Double.toString(pacing.awaitTimeout));
        properties.put("replay.connect-timeout", "30");
        properties.put("replay.accept-timeout", "60");
        properties.put("replay.verify", "false");
        properties.put("replay.ignore", "");
        properties.put("replay.ignore-bytes", "");
        // Placeholders the disabled role's routes still resolve.
        properties.put("polyview.host", "127.0.0.1");
        properties.put("polyview.port", Integer.toString(serverPort));
        properties.put("polyview.listen", "127.0.0.1:" + serverPort);
        return properties;
    }
}
