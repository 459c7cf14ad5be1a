package org.replaytcp.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.replaytcp.capture.PcapngWriter;
import org.replaytcp.capture.SegmentSynthesizer;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.packet.LinkType;

/**
 * Writes the exchanges sent to a {@code pcap:} endpoint as a capture: each exchange's body becomes TCP segments
 * of its connection and direction (from the component's headers), at its timestamp, with synthesized IP/TCP
 * headers. The file replays with this tool and opens in Wireshark.
 */
final class PcapProducer extends DefaultProducer {

    private final PcapEndpoint endpoint;
    private final SegmentSynthesizer synthesizer = new SegmentSynthesizer();
    private PcapngWriter writer;

    PcapProducer(PcapEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        writer = new PcapngWriter(endpoint.filePath(), LinkType.RAW, SegmentSynthesizer.MAX_PAYLOAD + 60);
    }

    @Override
    protected void doStop() throws Exception {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        super.doStop();
    }

    @Override
    public synchronized void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        int index = required(in, PcapConstants.CONNECTION_INDEX, Integer.class);
        Endpoint client = Endpoint.parse(required(in, PcapConstants.CLIENT, String.class));
        Endpoint server = Endpoint.parse(required(in, PcapConstants.SERVER, String.class));
        Long timestamp = in.getHeader(PcapConstants.TIMESTAMP, Long.class);
        long nanos = timestamp != null ? timestamp : System.currentTimeMillis() * 1_000_000L;
        String type = in.getHeader(PcapConstants.EVENT_TYPE, PcapConstants.EVENT_DATA, String.class);
        String direction = in.getHeader(PcapConstants.DIRECTION, String.class);
        boolean fromClient = !"SERVER_TO_CLIENT".equals(direction);
        // The handshake carries the time the connection opened (its OPENED event), or, when the route sends no
        // events, a microsecond apiece just before the connection's first packet: never that packet's own time,
        // which would move the connection's start and duration.
        java.util.List<byte[]> handshake = synthesizer.open(index, client, server);
        for (int i = 0; i < handshake.size(); i++) {
            long at = PcapConstants.EVENT_OPENED.equals(type) ? nanos : nanos - 1_000L * (handshake.size() - i);
            writer.write(at, handshake.get(i), handshake.get(i).length, handshake.get(i).length);
        }
        java.util.List<byte[]> packets = switch (type) {
            case PcapConstants.EVENT_DATA -> {
                byte[] body = in.getBody(byte[].class);
                yield body == null || body.length == 0
                        ? java.util.List.of()
                        : synthesizer.data(index, client, server, fromClient, body);
            }
            case PcapConstants.EVENT_HALF_CLOSE -> synthesizer.finish(index, client, server, fromClient);
            case PcapConstants.EVENT_RESET -> synthesizer.reset(index, client, server, fromClient);
            default -> java.util.List.of(); // OPENED, GAP, CLOSED: nothing on the wire of their own
        };
        for (byte[] packet : packets) {
            writer.write(nanos, packet, packet.length, packet.length);
        }
        writer.flush();
    }

    private <T> T required(Message in, String header, Class<T> type) {
        T value = in.getHeader(header, type);
        if (value == null) {
            throw new IllegalArgumentException(endpoint.getEndpointUri() + " needs the header " + header
                    + " on every exchange (as the pcap: consumer sets it)");
        }
        return value;
    }
}
