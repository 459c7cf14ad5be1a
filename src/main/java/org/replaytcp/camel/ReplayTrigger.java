package org.replaytcp.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.replaytcp.replay.ReplayReport;

/**
 * A processor that plays the capture once each time an exchange reaches it, so rounds can be started by any
 * endpoint — a {@code timer:} for a health check every ten minutes, a {@code direct:} for a test. It starts the
 * replay routes it names (which it keeps out of Camel's own start), waits for the replay to end, stops them again,
 * and hands the round's report on: the body is the {@link ReplayReport}, the headers those of {@code replay.done-uri}
 * ({@code CamelReplaySucceeded}, {@code CamelReplayConnections}, {@code CamelReplayVerdicts},
 * {@code CamelReplayDuration}). A round that does not end within the timeout fails the exchange in one line.
 * Sessions keep their rewrite counters from one round to the next.
 */
public final class ReplayTrigger implements Processor, CamelContextAware {

    private CamelContext camelContext;
    private String routes;
    private double timeout = 600;
    private boolean excluded;

    @Override
    public void process(Exchange exchange) throws Exception {
        List<String> ids = routeIds();
        for (String id : ids) {
            if (camelContext.getRoute(id) == null) {
                throw new IllegalArgumentException(
                        "replay trigger: no route " + id + " to start (routes: " + routes + ")");
            }
        }
        ReplayRun run = ReplayRun.of(camelContext);
        CompletableFuture<ReplayReport> result = run.begin();
        ReplayReport report;
        try {
            for (String id : ids) {
                camelContext.getRouteController().startRoute(id);
            }
            report = result.get((long) (timeout * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            IllegalStateException why = new IllegalStateException(String.format(
                    Locale.ROOT, "replay trigger: the replay of %s did not end within %s s", routes, timeout));
            run.fail(why);
            throw why;
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof Exception cause ? cause : failed;
        } finally {
            for (String id : ids) {
                camelContext.getRouteController().stopRoute(id);
            }
        }
        exchange.getMessage().setBody(report);
        exchange.getMessage().setHeaders(new java.util.HashMap<>(ReplayDoneMessage.headers(report)));
    }

    private List<String> routeIds() {
        List<String> ids = new ArrayList<>();
        for (String id : (routes == null ? "" : routes).split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("replay trigger: routes must name the replay routes to start");
        }
        return ids;
    }

    /** The routes are the trigger's: Camel does not start them by itself (its autoStartupExcludePattern). */
    private void excludeRoutesFromStart() {
        if (excluded || camelContext == null || routes == null) {
            return;
        }
        excluded = true;
        List<String> ids = routeIds();
        try {
            camelContext.addStartupListener((context, alreadyStarted) -> {
                String exclusions = context.getAutoStartupExcludePattern();
                String ours = String.join(",", ids);
                context.setAutoStartupExcludePattern(
                        exclusions == null || exclusions.isBlank() ? ours : exclusions + "," + ours);
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot leave routes " + routes + " out of Camel's start", e);
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        excludeRoutesFromStart();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public String getRoutes() {
        return routes;
    }

    /** The replay routes to start for each round, by id, comma-separated (e.g. daqbox-to-polyview). */
    public void setRoutes(String routes) {
        this.routes = routes;
        excludeRoutesFromStart();
    }

    public double getTimeout() {
        return timeout;
    }

    /** Seconds a round may take before it is given up (default 600). */
    public void setTimeout(double timeout) {
        if (!(timeout > 0)) {
            throw new IllegalArgumentException("replay trigger: timeout must be more than 0 seconds, not " + timeout);
        }
        this.timeout = timeout;
    }
}
