package org.replaytcp.packet;

/**
 * An IPv4 or IPv6 address held as two longs, so it is cheap to hash and compare for every packet.
 *
 * <p>Printed the way Wireshark prints it: dotted quad, or RFC 5952 compressed IPv6 ({@code ::1}).
 */
public final class IpAddress implements Comparable<IpAddress> {

    private final long high;
    private final long low;
    private final boolean v6;

    private IpAddress(long high, long low, boolean v6) {
        this.high = high;
        this.low = low;
        this.v6 = v6;
    }

    /** Reads a 4-byte IPv4 address at {@code at}. */
    public static IpAddress v4(byte[] b, int at) {
        return v4(
                (long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF));
    }

    /** Whether this is the IPv4 address {@code value} (as {@link #v4} reads it): lets a decoder reuse it. */
    boolean isV4(long value) {
        return !v6 && low == value;
    }

    /** The IPv4 address of a 32-bit value (as {@link #v4} reads it). */
    static IpAddress v4(long value) {
        return new IpAddress(0, value, false);
    }

    /** Reads a 16-byte IPv6 address at {@code at}. */
    public static IpAddress v6(byte[] b, int at) {
        return new IpAddress(readLong(b, at), readLong(b, at + 8), true);
    }

    /** Parses a literal such as {@code 127.0.0.1} or {@code ::1} (no host names). */
    public static IpAddress parse(String literal) {
        byte[] bytes;
        try {
            if (!literal.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("not an IP address literal: " + literal);
            }
            bytes = java.net.InetAddress.getByName(literal).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
        return bytes.length == 4 ? v4(bytes, 0) : v6(bytes, 0);
    }

    private static long readLong(byte[] b, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (b[at + i] & 0xFF);
        }
        return value;
    }

    public boolean isV6() {
        return v6;
    }

    /** The address bytes in network order (4 or 16). */
    public byte[] toBytes() {
        if (!v6) {
            return new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    @Override
    public int compareTo(IpAddress other) {
        if (v6 != other.v6) {
            return v6 ? 1 : -1;
        }
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || other instanceof IpAddress that && high == that.high && low == that.low && v6 == that.v6;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high * 31 + low) ^ (v6 ? 1 : 0);
    }

    @Override
    public String toString() {
        if (!v6) {
            return (low >>> 24 & 0xFF) + "." + (low >>> 16 & 0xFF) + "." + (low >>> 8 & 0xFF) + "." + (low & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[4 + i] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952: the longest run of two or more zero groups (the first of equals) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
