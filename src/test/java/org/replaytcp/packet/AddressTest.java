package org.replaytcp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Addresses and endpoints as Wireshark prints them (RFC 5952 for IPv6), their bytes, order, equality and hash,
 * by hand; high octets and groups chosen so no bit can be shifted the wrong way unseen.
 */
class AddressTest {

    @Test
    void ipv4BytesAndText() {
        byte[] bytes = {(byte) 254, (byte) 253, (byte) 252, (byte) 251};
        IpAddress address = IpAddress.v4(new byte[] {9, bytes[0], bytes[1], bytes[2], bytes[3]}, 1);
        assertEquals("254.253.252.251", address.toString());
        assertArrayEquals(bytes, address.toBytes());
        assertEquals(address, IpAddress.parse("254.253.252.251"));
        assertTrue(address.isV4(0xFEFDFCFBL));
        assertFalse(address.isV4(0xFEFDFCFAL));
        assertFalse(IpAddress.parse("::fefd:fcfb").isV4(0xFEFDFCFBL), "an IPv6 address is no IPv4 one");
        assertFalse(address.isV6());
    }

    @Test
    void ipv6TextFollowsRfc5952() {
        List<String> canonical = List.of(
                "::1",
                "::",
                "2001:db8::7",
                "2001:db8:0:1:1:1:1:1", // a single zero group stays
                "2001:0:0:1::1", // of two runs, the longer
                "2001:db8::1:0:0:1", // of two equal runs, the first
                "fedc:ba98:7654:3210:fedc:ba98:7654:3210",
                "1::",
                "1:2:3:4:5:6:7:0"); // one zero group is never "::"
        for (String text : canonical) {
            IpAddress address = IpAddress.parse(text);
            assertEquals(text, address.toString());
            assertTrue(address.isV6());
            assertEquals(address, IpAddress.v6(address.toBytes(), 0));
        }
        assertArrayEquals(
                new byte[] {
                    (byte) 0xfe, (byte) 0xdc, (byte) 0xba, (byte) 0x98, 0x76, 0x54, 0x32, 0x10,
                    (byte) 0xfe, (byte) 0xdc, (byte) 0xba, (byte) 0x98, 0x76, 0x54, 0x32, 0x10
                },
                IpAddress.parse("fedc:ba98:7654:3210:fedc:ba98:7654:3210").toBytes());
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("1.2.3.4.5"));
    }

    @Test
    void orderEqualityAndHash() {
        IpAddress low4 = IpAddress.parse("10.0.0.1");
        IpAddress high4 = IpAddress.parse("200.0.0.1"); // above 2^31: compared unsigned
        IpAddress low6 = IpAddress.parse("::1");
        IpAddress high6 = IpAddress.parse("8000::1");
        IpAddress highLow6 = IpAddress.parse("::8000:0:0:1");
        assertTrue(low4.compareTo(high4) < 0);
        assertTrue(high4.compareTo(low4) > 0);
        assertTrue(high4.compareTo(low6) < 0, "IPv4 before IPv6");
        assertTrue(low6.compareTo(high4) > 0);
        assertTrue(low6.compareTo(highLow6) < 0);
        assertTrue(highLow6.compareTo(high6) < 0);
        assertEquals(0, high6.compareTo(IpAddress.parse("8000::1")));
        assertEquals(IpAddress.parse("::a00:1"), IpAddress.parse("::a00:1"));
        assertNotEquals(low4, IpAddress.parse("::a00:1"), "10.0.0.1 and ::10.0.0.1 differ");
        assertNotEquals(low4, high4);
        assertNotEquals(low6, IpAddress.parse("1::1"), "same low half, other high half");
        assertNotEquals(low4, "10.0.0.1");
        assertEquals(low4.hashCode(), IpAddress.parse("10.0.0.1").hashCode());
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            hashes.add(IpAddress.parse("10.0." + i + ".1").hashCode());
            hashes.add(IpAddress.parse("2001:db8::" + Integer.toHexString(i)).hashCode());
        }
        assertEquals(512, hashes.size(), "distinct addresses, distinct hashes");
    }

    @Test
    void endpoints() {
        Endpoint v4 = Endpoint.parse("10.0.0.1:65535");
        Endpoint v6 = Endpoint.parse("[::1]:0");
        assertEquals("10.0.0.1:65535", v4.toString());
        assertEquals("[::1]:0", v6.toString());
        assertEquals(65535, v4.port());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("[::1:80"));
        assertTrue(Endpoint.parse("10.0.0.1:80").compareTo(Endpoint.parse("10.0.0.1:81")) < 0);
        assertTrue(Endpoint.parse("10.0.0.1:81").compareTo(Endpoint.parse("10.0.0.1:80")) > 0);
        assertTrue(Endpoint.parse("10.0.0.1:99").compareTo(Endpoint.parse("10.0.0.2:1")) < 0);
        assertEquals(0, v6.compareTo(Endpoint.parse("[::1]:0")));
        assertEquals(v4, Endpoint.parse("10.0.0.1:65535"));
        assertNotEquals(v4, Endpoint.parse("10.0.0.1:65534"));
        assertNotEquals(v4, Endpoint.parse("10.0.0.2:65535"));
        Set<Integer> hashes = new HashSet<>();
        for (int port = 1; port <= 100; port++) {
            hashes.add(Endpoint.parse("10.0.0.1:" + port).hashCode());
            hashes.add(Endpoint.parse("10.0.9.1:" + port).hashCode());
        }
        assertEquals(200, hashes.size(), "distinct endpoints, distinct hashes");
    }
}
