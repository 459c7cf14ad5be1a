package org.replaytcp.tcp;

/** How the client and server of a connection were told apart. */
public enum RoleSource {
    /** The capture holds the SYN (or SYN-ACK): the sender of the SYN is the client. */
    SYN,
    /** The capture starts mid-connection; the server was inferred from ports. */
    INFERRED;

    /** {@code syn} or {@code inferred}, as the JSON contract spells it. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
