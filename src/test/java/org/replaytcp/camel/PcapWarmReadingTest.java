package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The replay's warm-up reads the start of the capture once more on the consumer's own thread, before the first due
 * time: it reads what it is asked to (a short capture again from its start), and the exchanges the route gets are
 * the same as without it.
 */
class PcapWarmReadingTest {

    private static final Path CAPTURE = Path.of("src/test/resources/captures/zeek-http-get.pcap");

    /** Every exchange the route got (event type, direction, offset, client, server, body length), in order. */
    private static List<String> read(boolean warmFirst, AtomicInteger warmRead) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pcap:" + CAPTURE + "?includeEvents=true")
                            .routeId("read")
                            .process(exchange -> {
                                if (warmFirst && seen.isEmpty()) {
                                    // As the replay's warm-up does: on the consumer's thread, in its first exchange.
                                    PcapConsumer consumer = (PcapConsumer) exchange.getContext()
                                            .getRoute("read")
                                            .getConsumer();
                                    warmRead.set(consumer.warmReading(100, System.nanoTime() + 5_000_000_000L));
                                }
                                var in = exchange.getIn();
                                seen.add(in.getHeader(PcapConstants.EVENT_TYPE) + " "
                                        + in.getHeader(PcapConstants.DIRECTION) + " "
                                        + in.getHeader(PcapConstants.STREAM_OFFSET) + " "
                                        + in.getHeader(PcapConstants.CLIENT) + " "
                                        + in.getHeader(PcapConstants.SERVER) + " "
                                        + (in.getBody() instanceof byte[] body ? body.length : -1));
                            });
                }
            });
            context.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // tshark -r zeek-http-get.pcap -Y 'tcp.len>0': 1 segment client->server, 4 server->client; with the
            // opening, two half-closes and the close: 9 events.
            while (seen.size() < 9 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100); // nothing more comes
        }
        return seen;
    }

    @Test
    void readsWhatItIsAskedAndLeavesTheRouteItsExchangesAsTheyWere() throws Exception {
        AtomicInteger warmRead = new AtomicInteger(-1);
        List<String> cold = read(false, new AtomicInteger());
        List<String> warmed = read(true, warmRead);

        assertEquals(9, cold.size(), cold.toString());
        assertTrue(cold.get(0).contains("141.142.228.5:59856 192.150.187.43:80"), cold.get(0));
        assertEquals(cold, warmed);
        // 100 events of a 9-event capture: read from its start again and again.
        assertEquals(100, warmRead.get());
    }
}
