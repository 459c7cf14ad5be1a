package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --fault} syntax: what it reads, its canonical text, and one-line refusals. */
class FaultTest {

    @Test
    void readsEachKindWithItsOffsetConnectionAndRound() {
        assertEquals(new Fault(Fault.Kind.RESET, 1000, 0, -1, 0), Fault.parse("reset@1000"));
        assertEquals(new Fault(Fault.Kind.CLOSE, 0, 0, 3, 0), Fault.parse(" close@0,conn=3 "));
        assertEquals(new Fault(Fault.Kind.HALF_CLOSE, 17, 0, -1, 2), Fault.parse("half-close@17,round=2"));
        assertEquals(new Fault(Fault.Kind.CORRUPT, 5, 0, 1, 4), Fault.parse("CORRUPT@5,round=4,conn=1"));
        assertEquals(new Fault(Fault.Kind.STALL, 9, 2_500_000_000L, -1, 0), Fault.parse("stall:2.5@9"));
        assertEquals(new Fault(Fault.Kind.STALL, 9, 1_000_000L, -1, 0), Fault.parse("stall:0.001@9"));
    }

    @Test
    void writesOneCanonicalText() {
        assertEquals("stall:2.5@9,conn=0", Fault.parse("stall:2.50@9,conn=0").text());
        assertEquals("stall:3@9", Fault.parse("stall:3.000@9").text());
        assertEquals(
                "half-close@17,conn=2,round=3",
                Fault.parse("HALF-CLOSE@17,round=3,conn=2").text());
    }

    @Test
    void aimsAtItsConnectionAndRoundOrAtAll() {
        Fault any = Fault.parse("reset@1");
        assertTrue(any.aims(0, 1) && any.aims(7, 9));
        Fault one = Fault.parse("reset@1,conn=2,round=3");
        assertTrue(one.aims(2, 3));
        assertFalse(one.aims(2, 1));
        assertFalse(one.aims(1, 3));
    }

    @Test
    void refusesWhatItCannotReadInOneLineNamingTheFault() {
        for (String bad : List.of(
                "explode@1",
                "reset",
                "reset@",
                "reset@-1",
                "reset@1x",
                "stall@5",
                "reset:2@5",
                "stall:0@5",
                "stall:0.0000000001@5",
                "stall:86401@5",
                "reset@5,foo=1",
                "reset@5,conn=",
                "reset@5,conn=-1",
                "corrupt@5,round=0",
                "reset@99999999999999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--fault '" + bad + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
