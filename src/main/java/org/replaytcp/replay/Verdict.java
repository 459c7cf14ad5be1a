package org.replaytcp.replay;

import java.util.Locale;

/** How what the live peer sent compares with what the recorded peer sent. */
public enum Verdict {
    IDENTICAL,
    DIFFERS,
    SHORTER,
    LONGER,
    NOT_VERIFIED,
    /** The connection never came up: nothing was compared, and nothing could be. */
    NOT_RUN;

    /** {@code identical}, {@code differs}, ... {@code not-verified}, as reports spell it. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
