package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.SampleRoutes;
import org.replaytcp.testing.Tshark;

/**
 * The steps after the pacing step see each connection's segments in recorded order: a step of a user's own, put
 * right after it in the shipped client route, notes every {@code SEND} it sees. Camel held back a release made on
 * the capture's reading thread while that thread routed another exchange, and the connection's next segment, let
 * go on the route thread, passed the steps before it (the rewrite step then numbered frames out of order, one run
 * in three). Twelve rounds of the sample at 16x toward a sink, so that releases on both threads meet often.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReleaseOrderRoutesTest extends CamelTestSupport {

    private static final int PORT = FreePort.find();
    private static final int ROUNDS = 12;
    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");

    /** Per round and connection, the recorded offsets of our segments in the order the probe saw them. */
    private final Map<String, List<Long>> seen = new ConcurrentHashMap<>();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = SampleRoutes.clientToward(PORT);
        properties.put("replay.await-peer", "false");
        properties.put("replay.speed", "16");
        properties.put("replay.loop", Integer.toString(ROUNDS));
        return properties;
    }

    @Test
    void everyStepAfterThePacingStepSeesAConnectionsSegmentsInRecordedOrder() throws Exception {
        Processor probe = this::note;
        context.getRegistry().bind("orderProbe", probe);
        String shipped = Files.readString(Path.of("routes/daqbox-to-polyview.yaml"));
        String rewrite = "        - process:\n            ref: daqboxRewrite\n";
        assertTrue(shipped.contains(rewrite), "the shipped route has the rewrite step");
        Path file = Files.createTempFile("order-probe", ".yaml");
        Files.writeString(
                file, shipped.replace(rewrite, "        - process:\n            ref: orderProbe\n" + rewrite));
        try (ServerSocket server = new ServerSocket(PORT, 50, InetAddress.getLoopbackAddress())) {
            SampleRoutes.sink(server);
            SampleRoutes.load(context, file);
            ReplayRun.of(context).result().get(150, TimeUnit.SECONDS);
        }

        // tshark's view of the recording: each connection's segment offsets toward Polyview, in order.
        List<List<Long>> recorded =
                List.of(Tshark.clientSegmentOffsets(SAMPLE, 0, 11000), Tshark.clientSegmentOffsets(SAMPLE, 1, 11000));
        for (int round = 1; round <= ROUNDS; round++) {
            for (int connection = 0; connection < recorded.size(); connection++) {
                assertEquals(
                        recorded.get(connection),
                        seen.getOrDefault(round + "/" + connection, List.of()),
                        "round " + round + ", connection " + connection);
            }
        }
    }

    private void note(Exchange exchange) {
        if (!ReplayConstants.ACTION_SEND.equals(exchange.getIn().getHeader(ReplayConstants.ACTION, String.class))) {
            return;
        }
        String key = exchange.getIn().getHeader(PcapConstants.ROUND, 1, Integer.class) + "/"
                + exchange.getIn().getHeader(PcapConstants.CONNECTION_INDEX, Integer.class);
        List<Long> offsets = seen.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (offsets) {
            offsets.add(exchange.getIn().getHeader(ReplayConstants.OFFSET, Long.class));
        }
    }
}
