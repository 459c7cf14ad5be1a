package org.replaytcp.tcp;

import java.util.Set;
import java.util.function.Supplier;
import org.replaytcp.packet.Endpoint;

/**
 * Decides which side of a connection is the server when the capture holds no SYN for it.
 *
 * <p>In order: a port the user names; an endpoint (then a port) that accepted a SYN elsewhere in the capture;
 * the lower port (the other being, as a rule, ephemeral). The scan for listening endpoints is asked
 * for only when a connection needs it, since most captures never do.
 */
public final class ServerInference {

    private final Integer explicitServerPort;
    private final Supplier<Set<Endpoint>> listeningEndpoints;
    private Set<Endpoint> listening;

    /**
     * @param explicitServerPort the user's word on the server port, or null
     * @param listeningEndpoints endpoints that answered a SYN anywhere in the capture; asked at most once
     */
    public ServerInference(Integer explicitServerPort, Supplier<Set<Endpoint>> listeningEndpoints) {
        this.explicitServerPort = explicitServerPort;
        this.listeningEndpoints = listeningEndpoints;
    }

    /** Inference from ports alone, with no knowledge of the rest of the capture. */
    public static ServerInference fromPortsOnly(Integer explicitServerPort) {
        return new ServerInference(explicitServerPort, Set::of);
    }

    /** The server among {@code a} and {@code b}. */
    public Endpoint serverOf(Endpoint a, Endpoint b) {
        if (explicitServerPort != null && (a.port() == explicitServerPort) != (b.port() == explicitServerPort)) {
            return a.port() == explicitServerPort ? a : b;
        }
        if (listening == null) {
            listening = listeningEndpoints.get();
        }
        if (listening.contains(a) != listening.contains(b)) {
            return listening.contains(a) ? a : b;
        }
        boolean aListensByPort = listening.stream().anyMatch(e -> e.port() == a.port());
        boolean bListensByPort = listening.stream().anyMatch(e -> e.port() == b.port());
        if (aListensByPort != bListensByPort) {
            return aListensByPort ? a : b;
        }
        // The lower port: right when the other is ephemeral (>= 32768 on Linux/BSD, >= 49152 on Windows),
        // and the likelier guess when neither or both are.
        return a.port() <= b.port() ? a : b;
    }
}
