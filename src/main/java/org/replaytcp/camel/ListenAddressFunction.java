package org.replaytcp.camel;

import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The property function {@code {{listen-address:KEY}}}: the {@code [ADDRESS:]PORT} in property KEY as the
 * {@code host:port} a netty URI needs, with 127.0.0.1 when only a port is given (the safe default: loopback only)
 * and IPv6 literals in brackets. So {@code polyview.listen = 11000} listens on 127.0.0.1:11000, as the README
 * promises, instead of making a host named "11000". Camel finds it through
 * {@code META-INF/services/org/apache/camel/properties-function/listen-address}.
 */
public final class ListenAddressFunction implements PropertiesFunction, CamelContextAware {

    /** Where the server role listens when a setting gives only a port. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    private CamelContext camelContext;

    /** The setting the shipped server route listens on, and what it means when unset. */
    static final String DEFAULT_KEY = "polyview.listen";

    static final String DEFAULT_LISTEN = "11000";

    @Override
    public String getName() {
        return "listen-address";
    }

    @Override
    public String apply(String key) {
        // polyview.listen unset (an embedding project that sets only what differs): Polyview's port, on loopback.
        String value = camelContext
                .getPropertiesComponent()
                .resolveProperty(key.trim())
                .or(() -> DEFAULT_KEY.equals(key.trim()) ? Optional.of(DEFAULT_LISTEN) : Optional.empty())
                .orElseThrow(() -> new IllegalArgumentException("property " + key.trim() + " is not set"));
        return authority(value, key.trim());
    }

    /** {@code [ADDRESS:]PORT} → {@code host:port} for a URI; IPv6 in brackets. */
    static String authority(String value, String setting) {
        String text = value.trim();
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        String host;
        String port;
        if (colon < 0 || (bracketed && text.endsWith("]"))) {
            host = colon < 0 ? DEFAULT_ADDRESS : text;
            port = colon < 0 ? text : "";
        } else {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (!port.matches("\\d{1,5}")
                || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535
                || host.isEmpty()) {
            throw new IllegalArgumentException(
                    setting + ": '" + value + "' is not [ADDRESS:]PORT with a port from 1 to 65535");
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return host + ":" + port;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
