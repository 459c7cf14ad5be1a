package org.replaytcp.util;

/**
 * A small streaming JSON writer: enough for our reports without a JSON library on the class path.
 *
 * <p>Callers write names and values in order; commas are placed for them.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    public JsonWriter beginObject() {
        comma();
        out.append('{');
        needsComma = false;
        return this;
    }

    public JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        comma();
        out.append('[');
        needsComma = false;
        return this;
    }

    public JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(String name) {
        comma();
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    public JsonWriter value(String value) {
        comma();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    public JsonWriter value(long value) {
        comma();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** A number written with the given decimals, e.g. seconds with 6 (microseconds). */
    public JsonWriter value(double value, int decimals) {
        comma();
        // As String.format("%.Nf") rounds (half up, from the shortest decimal form), without its per-call parsing,
        // which was a tenth of inspect's time on a capture with 1000 connections.
        if (!Double.isFinite(value)) {
            out.append("null");
        } else {
            String text = java.math.BigDecimal.valueOf(value)
                    .setScale(decimals, java.math.RoundingMode.HALF_UP)
                    .toPlainString();
            // A negative value that rounds to zero keeps its sign, as String.format writes it ("-0.000").
            out.append(Double.doubleToRawLongBits(value) < 0 && text.charAt(0) != '-' ? "-" + text : text);
        }
        needsComma = true;
        return this;
    }

    /** A number already written as JSON text (e.g. by {@link NanoText#seconds}), put in as it is. */
    public JsonWriter number(String text) {
        comma();
        out.append(text);
        needsComma = true;
        return this;
    }

    public JsonWriter value(boolean value) {
        comma();
        out.append(value);
        needsComma = true;
        return this;
    }

    public JsonWriter nullValue() {
        comma();
        out.append("null");
        needsComma = true;
        return this;
    }

    private void comma() {
        if (needsComma) {
            out.append(',');
            needsComma = false;
        }
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
