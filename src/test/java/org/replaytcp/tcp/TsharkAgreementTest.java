package org.replaytcp.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replaytcp.testing.Reassembled;
import org.replaytcp.testing.Tshark;

/**
 * For every real capture with TCP, the bytes we reassemble for each connection and direction are the bytes
 * tshark's "Follow TCP stream" prints: tshark is the independent oracle.
 */
class TsharkAgreementTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "zeek-http-get.pcap",
                "zeek-http-get_nosyn.pcap",
                "zeek-tcp-handshake-reorder.pcap",
                "zeek-http-vlan-0.pcap",
                "zeek-http-get-to-ssh-server.pcap",
                "ppp-nanosecs_big_endian.pcap",
                "tcpdump-pptp.pcap",
                "zeek-smtp-bdat-cmd-invalid.pcapng",
                "ppp-pcapng-example.pcapng",
                "ppp-many_interfaces-1.pcapng",
                "zeek-tunnels-socks.pcap",
                "zeek-redis-pipelining-example.pcap",
                "tcpdump-resp_1_benchmark.pcap",
                "zeek-tls-openjdk-sll2.pcap",
                "ppp-sll2.pcap",
                "ppp-raw_ip.pcap",
                "ppp-four_ipv6_http_streams.pcap",
                "zeek-http-basic-auth-with-colon.pcap",
                "ppp-one_http_stream_rst.pcap",
                "zeek-communityid-ipv6.pcap",
                "ppp-one_tcp_stream.pcap",
                "ppp-three_http_streams.pcap",
                "zeek-http-body-match.pcap",
                "zeek-tcp-reassembly.pcap",
                "zeek-tcp-ssh-dups.pcap",
                "zeek-tcp-ctu-64702-888.pcap",
                "zeek-http-206_example_a.pcap",
                "zeek-tcp-truncated-header.pcap",
                "zeek-communityid-tcp.pcap",
                "derived/multi-section-tcp.pcapng",
                "derived/zeek-http-get.cut-mid-packet.pcap",
                "derived/zeek-http-get.cut-mid-record-header.pcap",
                "derived/zeek-smtp-bdat-cmd-invalid.cut-mid-block.pcapng"
            })
    void everyConnectionMatchesTsharkFollow(String name) throws Exception {
        Path capture = Path.of("src/test/resources/captures", name);
        Map<Integer, Tshark.Followed> expected = Tshark.followAll(capture);
        Map<Integer, Reassembled.Stream> actual = Reassembled.of(capture);
        Map<Integer, Map<String, Long>> sequenceHoles = Tshark.sequenceHoles(capture);
        assertEquals(expected.keySet(), actual.keySet(), "connection indices of " + name);
        for (Tshark.Followed followed : expected.values()) {
            Reassembled.Stream ours = actual.get(followed.stream());
            assertNotNull(ours.summary, "summary of connection " + followed.stream());
            String client = ours.summary.info().client().toString();
            String server = ours.summary.info().server().toString();
            assertEquals(
                    Set.of(followed.node0(), followed.node1()),
                    Set.of(client, server),
                    name + " connection " + followed.stream() + " endpoints");
            boolean node0IsClient = followed.node0().equals(client);
            byte[] clientBytes = node0IsClient ? followed.fromNode0() : followed.fromNode1();
            byte[] serverBytes = node0IsClient ? followed.fromNode1() : followed.fromNode0();
            assertArrayEquals(
                    clientBytes,
                    ours.clientToServer.toByteArray(),
                    name + " connection " + followed.stream() + " client to server");
            assertArrayEquals(
                    serverBytes,
                    ours.serverToClient.toByteArray(),
                    name + " connection " + followed.stream() + " server to client");
            // Our gaps with data after them are the sequence space between segments that no captured segment
            // covers, by tshark's fields. (Gaps at a stream's end, which the peer acknowledged but no later segment
            // frames, have no segment after them to measure from.) Where tshark's follow marks "[N bytes missing
            // in capture file]", it says the same; it does not always mark them.
            Map<String, Long> holes = sequenceHoles.getOrDefault(followed.stream(), Map.of());
            assertEquals(
                    holes.getOrDefault(client, 0L),
                    ours.innerGapBytesClientToServer,
                    name + " connection " + followed.stream() + " client to server gaps");
            assertEquals(
                    holes.getOrDefault(server, 0L),
                    ours.innerGapBytesServerToClient,
                    name + " connection " + followed.stream() + " server to client gaps");
            long followMissing = node0IsClient ? followed.missingFromNode0() : followed.missingFromNode1();
            assertTrue(followMissing == 0 || followMissing == ours.innerGapBytesClientToServer, name);
        }
    }
}
