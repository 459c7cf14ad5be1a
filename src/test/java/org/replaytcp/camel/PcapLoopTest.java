package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.replaytcp.testing.Tshark;

/**
 * The {@code pcap:} consumer's {@code loop}, {@code duration} and {@code loopGap} options: the capture read again
 * round after round, each exchange with its round, the last one marked last; the sample has 104 segments with a
 * payload ({@code tshark -Y 'tcp.len>0'}), none retransmitted.
 */
class PcapLoopTest extends CamelTestSupport {

    private static final String SAMPLE = "samples/daqbox-polyview.pcapng";
    private static final int SEGMENTS = 104;

    private MockEndpoint route(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).to("mock:out");
            }
        });
        return getMockEndpoint("mock:out");
    }

    @Test
    void eachRoundIsTheWholeCaptureWithItsNumberAndOnlyTheVeryLastIsLast() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(3 * SEGMENTS);
        out.setResultWaitTime(20_000);
        route("pcap:" + SAMPLE + "?loop=3");
        out.assertIsSatisfied();
        List<Exchange> got = out.getReceivedExchanges();
        Map<Integer, Tshark.Followed> recorded = Tshark.followAll(Path.of(SAMPLE));
        for (int round = 1; round <= 3; round++) {
            List<Exchange> ofRound = got.subList((round - 1) * SEGMENTS, round * SEGMENTS);
            for (Exchange e : ofRound) {
                assertEquals(round, e.getIn().getHeader(PcapConstants.ROUND, Integer.class));
            }
            assertArrayEquals(recorded.get(0).fromNode0(), bytes(ofRound, 0, "CLIENT_TO_SERVER"), "round " + round);
            assertArrayEquals(recorded.get(1).fromNode1(), bytes(ofRound, 1, "SERVER_TO_CLIENT"), "round " + round);
        }
        long last = got.stream()
                .filter(e -> Boolean.TRUE.equals(e.getIn().getHeader(PcapConstants.LAST)))
                .count();
        assertEquals(1, last);
        assertEquals(true, got.get(got.size() - 1).getIn().getHeader(PcapConstants.LAST));
    }

    @Test
    void untilTheDurationIsOverWithTheGapBetweenRounds() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        List<Long> roundStarts = new java.util.concurrent.CopyOnWriteArrayList<>();
        out.whenAnyExchangeReceived(e -> {
            int round = e.getIn().getHeader(PcapConstants.ROUND, Integer.class);
            if (roundStarts.size() < round) {
                roundStarts.add(System.nanoTime());
            }
        });
        long started = System.nanoTime();
        route("pcap:" + SAMPLE + "?loop=0&duration=1&loopGap=0.3");
        // Rounds start at about 0, 0.3, 0.6 and 0.9 s; the one after 1.2 s does not.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (out.getReceivedExchanges().stream()
                        .noneMatch(e -> Boolean.TRUE.equals(e.getIn().getHeader(PcapConstants.LAST)))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int rounds = roundStarts.size();
        assertTrue(rounds >= 3 && rounds <= 5, rounds + " rounds");
        assertEquals(rounds * SEGMENTS, out.getReceivedCounter());
        for (int i = 1; i < rounds; i++) {
            long gap = roundStarts.get(i) - roundStarts.get(i - 1);
            assertTrue(gap >= TimeUnit.MILLISECONDS.toNanos(290), "round " + (i + 1) + " after " + gap / 1e6 + " ms");
        }
        assertTrue(roundStarts.get(rounds - 1) - started < TimeUnit.MILLISECONDS.toNanos(1500));
    }

    @Test
    void badLoopOptionsFailTheRouteNamingThem() {
        for (String[] bad : new String[][] {
            {"loop=-1", "loop must be 0 (until stopped) or more, not -1"},
            {"duration=-2", "duration must be 0 (no limit) or more seconds, not -2.0"},
            {"loopGap=-0.5", "loopGap must be 0 or more seconds, not -0.5"}
        }) {
            Exception failed = assertThrows(
                    Exception.class,
                    () -> context.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("pcap:" + SAMPLE + "?" + bad[0]).to("mock:bad");
                        }
                    }));
            Throwable cause = failed;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().startsWith(bad[1]), cause.getMessage());
        }
    }

    private static byte[] bytes(List<Exchange> exchanges, int index, String direction) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Exchange e : exchanges) {
            if (e.getIn().getHeader(PcapConstants.CONNECTION_INDEX, Integer.class) == index
                    && direction.equals(e.getIn().getHeader(PcapConstants.DIRECTION))) {
                out.writeBytes(e.getIn().getBody(byte[].class));
            }
        }
        return out.toByteArray();
    }
}
