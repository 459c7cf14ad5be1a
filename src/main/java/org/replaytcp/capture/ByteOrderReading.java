package org.replaytcp.capture;

/** Reads unsigned fields from byte arrays in either byte order. */
final class ByteOrderReading {

    private ByteOrderReading() {}

    static int u16(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF) : (b[at + 1] & 0xFF) << 8 | (b[at] & 0xFF);
    }

    /** The 32-bit field as a long, so values above 2^31 stay positive. */
    static long u32(byte[] b, int at, boolean bigEndian) {
        return bigEndian
                ? ((long) (b[at] & 0xFF) << 24
                        | (b[at + 1] & 0xFF) << 16
                        | (b[at + 2] & 0xFF) << 8
                        | (b[at + 3] & 0xFF))
                : ((long) (b[at + 3] & 0xFF) << 24
                        | (b[at + 2] & 0xFF) << 16
                        | (b[at + 1] & 0xFF) << 8
                        | (b[at] & 0xFF));
    }

    static String hex(byte[] b, int at, int length) {
        return java.util.HexFormat.of().formatHex(b, Math.min(at, b.length), Math.min(b.length, at + length));
    }
}
