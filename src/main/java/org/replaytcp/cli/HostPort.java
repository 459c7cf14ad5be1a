package org.replaytcp.cli;

/** {@code HOST:PORT} or {@code [IPv6]:PORT} from the command line; the host may be omitted where allowed. */
record HostPort(String host, int port) {

    static HostPort parse(String text, String option) {
        return parse(text, option, null);
    }

    /** Parses {@code [HOST:]PORT}, using {@code defaultHost} when only a port is given (null: host required). */
    static HostPort parse(String text, String option, String defaultHost) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        String host;
        String port;
        if (colon < 0) {
            if (defaultHost == null) {
                throw new IllegalArgumentException(option + " needs HOST:PORT, not '" + text + "'");
            }
            host = defaultHost;
            port = value;
        } else {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535 || host.isEmpty()) {
                throw new NumberFormatException();
            }
            return new HostPort(host, number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not "
                    + (defaultHost == null ? "HOST:PORT" : "[ADDRESS:]PORT") + " with a port from 1 to 65535");
        }
    }

    /** As camel-netty's URI wants it: IPv6 literals in brackets. */
    String uriAuthority() {
        return uriHost() + ":" + port;
    }

    /** The host as a URI wants it: IPv6 literals in brackets. */
    String uriHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
