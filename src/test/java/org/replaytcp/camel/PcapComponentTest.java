package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.replaytcp.testing.Tshark;

class PcapComponentTest extends CamelTestSupport {

    private static final Path CAPTURES = Path.of("src/test/resources/captures");

    private List<Exchange> consume(String uri, int expectedCount) throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:out");
        mock.expectedMessageCount(expectedCount);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).to("mock:out");
            }
        });
        mock.setResultWaitTime(10_000);
        mock.assertIsSatisfied();
        return mock.getReceivedExchanges();
    }

    private static byte[] concatenated(List<Exchange> exchanges, String direction) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Exchange e : exchanges) {
            if ("DATA".equals(e.getIn().getHeader(PcapConstants.EVENT_TYPE))
                    && direction.equals(e.getIn().getHeader(PcapConstants.DIRECTION))) {
                out.writeBytes(e.getIn().getBody(byte[].class));
            }
        }
        return out.toByteArray();
    }

    @Test
    void aYamlRouteReadsARealCaptureIntoSegmentsThatMatchTshark() throws Exception {
        Path capture = CAPTURES.resolve("zeek-http-get.pcap");
        Tshark.Followed expected = Tshark.followAll(capture).get(0);
        MockEndpoint mock = getMockEndpoint("mock:segments");
        // tshark -r zeek-http-get.pcap -Y 'tcp.len>0': 1 segment client->server, 4 server->client,
        // plus OPENED, 2 x HALF_CLOSE and CLOSED.
        mock.expectedMessageCount(9);
        Resource route =
                ResourceHelper.resolveMandatoryResource(context, "file:src/test/resources/routes/read-capture.yaml");
        PluginHelper.getRoutesLoader(context).loadRoutes(route);
        mock.setResultWaitTime(10_000);
        mock.assertIsSatisfied();

        List<Exchange> exchanges = mock.getReceivedExchanges();
        // Node 0 of tshark's follow is the client here (it sent the SYN).
        assertArrayEquals(expected.fromNode0(), concatenated(exchanges, "CLIENT_TO_SERVER"));
        assertArrayEquals(expected.fromNode1(), concatenated(exchanges, "SERVER_TO_CLIENT"));
        Map<String, Object> first = exchanges.get(0).getIn().getHeaders();
        assertEquals("OPENED", first.get(PcapConstants.EVENT_TYPE));
        assertEquals(expected.node0(), first.get(PcapConstants.CLIENT));
        assertEquals(expected.node1(), first.get(PcapConstants.SERVER));
        assertEquals(0, first.get(PcapConstants.CONNECTION_INDEX));
        assertEquals("syn", first.get(PcapConstants.ROLE_FROM));
        // tshark: frame.time_epoch of frame 1 = 1362692526.869344000, of frame 4 (the request) 1362692526.939527
        assertEquals(1_362_692_526_869_344_000L, first.get(PcapConstants.TIMESTAMP));
        Exchange request = exchanges.get(1);
        assertEquals("DATA", request.getIn().getHeader(PcapConstants.EVENT_TYPE));
        assertEquals(1_362_692_526_939_527_000L, request.getIn().getHeader(PcapConstants.TIMESTAMP));
        assertEquals(70_183_000L, request.getIn().getHeader(PcapConstants.TIME_SINCE_OPEN));
        assertEquals(0L, request.getIn().getHeader(PcapConstants.STREAM_OFFSET));
        Exchange last = exchanges.get(exchanges.size() - 1);
        assertEquals("CLOSED", last.getIn().getHeader(PcapConstants.EVENT_TYPE));
        assertEquals("fin", last.getIn().getHeader(PcapConstants.CONNECTION_END));
        assertEquals(Boolean.TRUE, last.getIn().getHeader(PcapConstants.LAST));
        assertEquals(Boolean.FALSE, request.getIn().getHeader(PcapConstants.LAST));
    }

    @Test
    void selectsConnectionsByIndexAndDirection() throws Exception {
        Path capture = CAPTURES.resolve("ppp-three_http_streams.pcap");
        Tshark.Followed second = Tshark.followAll(capture).get(1);
        // tshark -r ppp-three_http_streams.pcap -Y 'tcp.stream==1 && tcp.len>0 && tcp.dstport==80': 1 segment
        List<Exchange> exchanges = consume("pcap:" + capture + "?connections=1&direction=CLIENT_TO_SERVER", 1);
        assertEquals(1, exchanges.get(0).getIn().getHeader(PcapConstants.CONNECTION_INDEX));
        assertArrayEquals(second.fromNode0(), concatenated(exchanges, "CLIENT_TO_SERVER"));
    }

    @Test
    void selectsConnectionsByServerPort() throws Exception {
        // derived/multi-section-tcp.pcapng: three SMTP sessions (port 25) and one HTTP exchange (port 80),
        // whose only client->server payload is one 81-byte request (tshark -Y 'tcp.dstport==80 && tcp.len>0').
        Path capture = CAPTURES.resolve("derived/multi-section-tcp.pcapng");
        List<Exchange> exchanges = consume("pcap:" + capture + "?serverPort=80&direction=CLIENT_TO_SERVER", 1);
        assertEquals(3, exchanges.get(0).getIn().getHeader(PcapConstants.CONNECTION_INDEX));
        assertTrue(((String) exchanges.get(0).getIn().getHeader(PcapConstants.SERVER)).endsWith(":80"));
    }

    @Test
    void refusesAMisspeltOptionWhenTheEndpointIsCreated() {
        ResolveEndpointFailedException e = assertThrows(
                ResolveEndpointFailedException.class, () -> context.getEndpoint("pcap:x.pcap?includeEvent=true"));
        assertTrue(e.getMessage().contains("includeEvent"), e.getMessage());
    }

    @Test
    void refusesWrongOptionValues() {
        assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("pcap:x.pcap?direction=UP"));
        assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("pcap:x.pcap?connections=1-x"));
        assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("pcap:x.pcap?serverPort=70000"));
        assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("pcap:x.pcap?maxInFlight=0"));
    }

    @Test
    void aCaptureWrittenByTheProducerReadsBackAsTheSameConversation() throws Exception {
        for (String name : List.of("zeek-http-get.pcap", "ppp-four_ipv6_http_streams.pcap")) {
            Path original = CAPTURES.resolve(name);
            Path written = Path.of("target", "roundtrip-" + name + ".pcapng");
            java.nio.file.Files.deleteIfExists(written);
            var originals = org.replaytcp.testing.Reassembled.of(original);
            int dataSegments = 0;
            for (var stream : originals.values()) {
                dataSegments += (int) stream.events.stream()
                        .filter(e -> e instanceof org.replaytcp.tcp.TcpEvent.DataSegment)
                        .count();
            }
            // exchanges -> pcap: producer -> file; every exchange the consumer sends goes to the producer.
            MockEndpoint done = getMockEndpoint("mock:written-" + name);
            done.expectedMessageCount(dataSegments);
            String routeId = "write-" + name;
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pcap:" + original + "?includeEvents=true")
                            .routeId(routeId)
                            .to("pcap:" + written)
                            .filter(header(PcapConstants.EVENT_TYPE).isEqualTo("DATA"))
                            .to(done);
                }
            });
            done.setResultWaitTime(10_000);
            done.assertIsSatisfied();
            context.getRouteController().stopRoute(routeId);
            // file -> our reader: the same bytes each way, the same endpoints, the same timestamps.
            var copies = org.replaytcp.testing.Reassembled.of(written);
            assertEquals(originals.keySet(), copies.keySet(), name);
            for (int index : originals.keySet()) {
                var a = originals.get(index);
                var b = copies.get(index);
                assertEquals(a.summary.info().client(), b.summary.info().client());
                assertEquals(a.summary.info().server(), b.summary.info().server());
                assertArrayEquals(a.clientToServer.toByteArray(), b.clientToServer.toByteArray(), name + " " + index);
                assertArrayEquals(a.serverToClient.toByteArray(), b.serverToClient.toByteArray(), name + " " + index);
                assertEquals(timestampsOfData(a), timestampsOfData(b), name + " " + index);
                // The handshake is stamped when the connection opened: the start is the recorded one.
                assertEquals(a.summary.firstNanos(), b.summary.firstNanos(), name + " " + index + ": start");
            }
            // ... and to tshark: it reads the file without complaint and follows the same bytes.
            Tshark.run(List.of("tshark", "-r", written.toString(), "-q"));
            var followed = Tshark.followAll(written);
            for (int index : originals.keySet()) {
                boolean clientIsNode0 = followed.get(index)
                        .node0()
                        .equals(copies.get(index).summary.info().client().toString());
                assertArrayEquals(
                        originals.get(index).clientToServer.toByteArray(),
                        clientIsNode0
                                ? followed.get(index).fromNode0()
                                : followed.get(index).fromNode1());
                assertArrayEquals(
                        originals.get(index).serverToClient.toByteArray(),
                        clientIsNode0
                                ? followed.get(index).fromNode1()
                                : followed.get(index).fromNode0());
            }
        }
    }

    private static List<Long> timestampsOfData(org.replaytcp.testing.Reassembled.Stream stream) {
        return stream.events.stream()
                .filter(e -> e instanceof org.replaytcp.tcp.TcpEvent.DataSegment)
                .map(org.replaytcp.tcp.TcpEvent::timestampNanos)
                .toList();
    }

    @Test
    void aMissingCaptureStopsTheRouteFromStartingWithAClearMessage() {
        Exception e = assertThrows(
                Exception.class,
                () -> context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("pcap:no/such/file.pcap").to("mock:never");
                    }
                }));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("no/such/file.pcap"), root.getMessage());
    }

    @Test
    void isFoundByItsScheme() {
        assertTrue(context.getComponent("pcap") instanceof PcapComponent);
    }
}
