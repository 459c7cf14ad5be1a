package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The route warm-up sends its made-up segments through the push step's own path (in release order, written to the
 * channel, counted as sent), not around it: otherwise the first recorded segment of a run is the first to take it,
 * on a cold JVM.
 */
class ReplayWarmupRouteTest {

    @Test
    void warmUpSegmentsAreWrittenAndCountedTheWayRecordedOnesAre() throws Exception {
        ReplaySession session = new ReplaySession();
        ReplayStep push = new ReplayStep();
        push.setSession(session);
        push.setStep("push");
        // The warm-up's own pacing step, with a clock that hands each held write straight to the channel's loop.
        org.replaytcp.netty.LiveConnection.Pacer pacer = new org.replaytcp.netty.LiveConnection.Pacer() {
            @Override
            public void writeAt(long dueNanos, java.util.concurrent.Executor loop, Runnable write) {
                loop.execute(write);
            }

            @Override
            public void observedRoute(long nanos) {}
        };
        List<Object> linksSeen = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:warm")
                            .routeId("warm")
                            .process(exchange -> ReplayWarmup.paceWarmUp(exchange, pacer))
                            .process(push)
                            .process(exchange -> linksSeen.add(
                                    exchange.getProperty(ReplayConstants.WARM_UP_LINK, "none", Object.class)));
                }
            });
            context.start();

            ReplayWarmup.throughRoute(context.getRoute("warm"), Duration.ofSeconds(10));

            assertTrue(linksSeen.size() >= 100, "segments through the route: " + linksSeen.size());
            Object first = linksSeen.get(0);
            assertNotNull(first);
            assertTrue(first instanceof LiveLink, "the exchange carries the made-up connection: " + first);
            assertTrue(linksSeen.stream().allMatch(link -> link == first), "one made-up connection for all");
            LiveLink link = (LiveLink) first;
            // 100 bytes per made-up segment, each counted once by the push step's write listener.
            assertEquals(linksSeen.size() * 100L, link.replay.sentBytes());
            assertTrue(link.drained(), "every write the push step started has ended");
        }
    }
}
