package org.replaytcp.replay;

import java.util.Locale;

/** How what the live peer sent compares with what the recorded peer sent. */
public enum Verdict {
    IDENTICAL,
    DIFFERS,
    SHORTER,
    LONGER,
    NOT_VERIFIED;

    /** {@code identical}, {@code differs}, ... {@code not-verified}, as reports spell it. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
