package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --rewrite-bytes} syntax and its numbers in bytes, computed by hand. */
class FieldRewriteTest {

    @Test
    void readsTheRuleAndWritesItOneWay() {
        FieldRewrite rule = FieldRewrite.parse(" 0xaa55:4-7=counter ");
        assertArrayEquals(new byte[] {(byte) 0xAA, 0x55}, rule.prefix());
        assertEquals(4, rule.from());
        assertEquals(7, rule.to());
        assertEquals(4, rule.width());
        assertEquals(FieldRewrite.Value.COUNTER, rule.value());
        assertFalse(rule.littleEndian());
        assertEquals("AA55:4-7=counter", rule.text());
        assertEquals("aa55:4-7", rule.maskRule());
        assertEquals(
                "7E:2-9=time-ms:le", FieldRewrite.parse("7e:2-9=TIME-MS:LE").text());
        assertEquals(
                "7E:1-2=const:00FF", FieldRewrite.parse("7E:1-2=const:00ff").text());
        assertEquals(FieldRewrite.parse("aa55:4-7=counter"), FieldRewrite.parse("AA55:4-7=counter"));
    }

    @Test
    void numbersGoInTheFieldInTheRulesByteOrderKeepingTheLowBytes() {
        FieldRewrite big = FieldRewrite.parse("AA:1-4=counter");
        FieldRewrite little = FieldRewrite.parse("AA:1-4=counter:le");
        FieldRewrite narrow = FieldRewrite.parse("AA:1-2=time-s");
        assertArrayEquals(new byte[] {0x01, 0x02, 0x03, 0x04}, big.encode(0x0102_0304L));
        assertArrayEquals(new byte[] {0x04, 0x03, 0x02, 0x01}, little.encode(0x0102_0304L));
        assertArrayEquals(new byte[] {0x03, 0x04}, narrow.encode(0x0102_0304L));
        assertEquals(0x0102_0304L, big.decode(new byte[] {0x01, 0x02, 0x03, 0x04}));
        assertEquals(0x0102_0304L, little.decode(new byte[] {0x04, 0x03, 0x02, 0x01}));
        assertEquals(0xFFFF_FFFFL, big.decode(new byte[] {-1, -1, -1, -1}));
    }

    @Test
    void refusesInOneLineWhatItCannotDo() {
        for (String bad : List.of(
                "AA55:4-7",
                "AA55:4-7=random",
                "AA5:4-7=counter",
                "AA55:7-4=counter",
                "AA55:1-4=counter",
                "AA55:4-12=counter",
                "AA55:4-5=const:FF",
                "AA55:4-5=const:FFFF:le",
                "ZZ:4-5=counter")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> FieldRewrite.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--rewrite-bytes '" + bad + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
