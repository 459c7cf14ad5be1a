package org.replaytcp.camel;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** The {@code pcap:} component: reads a Wireshark capture into one exchange per TCP segment. */
@Component("pcap")
public final class PcapComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("pcap: needs a capture file, as in pcap:captures/session.pcapng");
        }
        PcapEndpoint endpoint = new PcapEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
