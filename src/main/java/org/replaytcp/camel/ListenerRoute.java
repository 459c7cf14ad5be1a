package org.replaytcp.camel;

import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.netty.NettyEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server role's listener route ({@code listenerRoute} of a session): opened once the replay is warm, closed
 * when the replay is over, and named in one line when it cannot listen.
 */
final class ListenerRoute {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerRoute.class);

    private final CamelContext context;
    private final String id;

    ListenerRoute(CamelContext context, String id) {
        this.context = context;
        this.id = id;
    }

    /**
     * Opens the listener once the replay is warm, not with the context: a client accepted during the warm-up (about
     * a second) would wait it out, and all clients accepted meanwhile would start at the same moment (1000 clients
     * at one a millisecond were answered up to 1.2 s late). A listener route that started by itself is left as it
     * is. If it cannot listen, the run fails with one line saying where and why.
     */
    void open() {
        if (context.getRoute(id) == null) {
            return;
        }
        // A route started while Camel is still starting its own routes is stopped again by that (top speed has no
        // warm-up, so the first exchange can come that early): wait until Camel has started.
        while (!context.isStarted() && context.isStarting()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ServiceStatus status = context.getRouteController().getRouteStatus(id);
        if (status != null && (status.isStarted() || status.isStarting())) {
            return;
        }
        try {
            context.getRouteController().startRoute(id);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.BindException bind) {
                    ReplayRun.of(context)
                            .fail(new IllegalArgumentException(
                                    "cannot listen on " + address() + ": "
                                            + String.valueOf(bind.getMessage()).toLowerCase(Locale.ROOT),
                                    e));
                    return;
                }
            }
            ReplayRun.of(context)
                    .fail(new IllegalStateException(
                            "could not start the listener route " + id + ": " + ReplaySession.rootMessage(e), e));
        }
    }

    /** Closes the listener, on a thread of its own (a route's own thread cannot stop a route). */
    void close() {
        Thread stopper = new Thread(
                () -> {
                    try {
                        context.getRouteController().stopRoute(id);
                    } catch (Exception e) {
                        LOG.warn("could not stop the listener route {}: {}", id, e.toString());
                    }
                },
                "replay-stop-listener");
        stopper.start();
    }

    /** Safe default is loopback only; a listener on every interface gets a warning, whichever way it was set. */
    void warnIfListeningEverywhere() {
        NettyEndpoint netty = endpoint();
        if (netty != null) {
            String host = netty.getConfiguration().getHost();
            if ("0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host)) {
                LOG.warn("listening on all interfaces ({}): anyone who can reach this machine can connect", host);
            }
        }
    }

    /** The netty endpoint the listener route accepts on, or null (no such route, or not a netty one). */
    private NettyEndpoint endpoint() {
        Route route = context.getRoute(id);
        return route != null && route.getEndpoint() instanceof NettyEndpoint netty ? netty : null;
    }

    /** HOST:PORT the listener route is given, as the summary and errors name it. */
    private String address() {
        NettyEndpoint netty = endpoint();
        if (netty == null) {
            return context.getRoute(id).getEndpoint().getEndpointUri();
        }
        // The same host:port form (IPv6 in brackets) as the listen-address function gives the route.
        return ListenAddressFunction.authority(
                netty.getConfiguration().getHost() + ":"
                        + netty.getConfiguration().getPort(),
                id);
    }
}
