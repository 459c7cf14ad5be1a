package org.replaytcp.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.replaytcp.packet.Endpoint;

/** Which side is the server when there is no SYN: the user's port, a listening endpoint, a listening port, the lower port. */
class ServerInferenceTest {

    private static final Endpoint WEB = Endpoint.parse("10.0.0.2:80");
    private static final Endpoint EPHEMERAL = Endpoint.parse("10.0.0.9:50000");
    private static final Endpoint LOW = Endpoint.parse("10.0.0.8:20");

    @Test
    void inOrderOfTrust() {
        int[] scans = {0};
        ServerInference inference = new ServerInference(null, () -> {
            scans[0]++;
            return Set.of(WEB, Endpoint.parse("10.0.0.3:8080"));
        });
        assertEquals(WEB, inference.serverOf(LOW, WEB), "the endpoint that accepted a SYN, not the lower port");
        assertEquals(WEB, inference.serverOf(WEB, LOW));
        Endpoint otherHost8080 = Endpoint.parse("10.0.0.4:8080");
        assertEquals(otherHost8080, inference.serverOf(LOW, otherHost8080), "a port that listens elsewhere");
        assertEquals(otherHost8080, inference.serverOf(otherHost8080, LOW));
        assertEquals(LOW, inference.serverOf(EPHEMERAL, LOW), "else the lower port");
        assertEquals(LOW, inference.serverOf(LOW, EPHEMERAL));
        Endpoint samePort = Endpoint.parse("10.0.0.5:20");
        assertEquals(LOW, inference.serverOf(LOW, samePort), "equal ports: the first");
        assertEquals(1, scans[0], "the capture is scanned once");
    }

    @Test
    void theUsersPortDecidesFirst() {
        ServerInference inference = new ServerInference(50000, () -> Set.of(WEB));
        assertEquals(EPHEMERAL, inference.serverOf(WEB, EPHEMERAL));
        assertEquals(EPHEMERAL, inference.serverOf(EPHEMERAL, WEB));
        Endpoint bothOnIt = Endpoint.parse("10.0.0.6:50000");
        assertEquals(WEB, new ServerInference(80, Set::of).serverOf(WEB, bothOnIt));
        // Both on the user's port: it cannot decide, the lower (here equal) port does.
        assertEquals(EPHEMERAL, ServerInference.fromPortsOnly(50000).serverOf(EPHEMERAL, bothOnIt));
    }
}
