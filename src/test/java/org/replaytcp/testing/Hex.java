package org.replaytcp.testing;

/** Hex strings to bytes and back, for test expectations written by hand. */
public final class Hex {

    private Hex() {}

    public static byte[] decode(String hex) {
        String clean = hex.replaceAll("\\s", "");
        byte[] bytes = new byte[clean.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
