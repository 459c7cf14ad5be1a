package org.replaytcp.packet;

/** One side of a TCP connection: address and port, printed {@code 10.0.0.1:80} or {@code [::1]:80}. */
public record Endpoint(IpAddress address, int port) implements Comparable<Endpoint> {

    /** Parses {@code 10.0.0.1:80} or {@code [::1]:80}. */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected ADDRESS:PORT, got " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(IpAddress.parse(host), Integer.parseInt(text.substring(colon + 1)));
    }

    @Override
    public int compareTo(Endpoint other) {
        int byAddress = address.compareTo(other.address);
        return byAddress != 0 ? byAddress : Integer.compare(port, other.port);
    }

    // Written out: the generated record methods go through method handles, slow until the JIT has compiled them,
    // and these run for every packet.
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Endpoint that && port == that.port && address.equals(that.address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + port;
    }

    @Override
    public String toString() {
        return address.isV6() ? "[" + address + "]:" + port : address + ":" + port;
    }
}
