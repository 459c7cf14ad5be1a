package org.replaytcp.tcp;

/** How a connection ended in the capture. */
public enum ConnectionEnd {
    /** Both sides sent FIN. */
    FIN,
    /** One side reset it. */
    RST,
    /** The capture ended, or the ports were reused, before it closed. */
    OPEN;

    /** {@code fin}, {@code rst} or {@code open}, as the JSON contract spells it. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
