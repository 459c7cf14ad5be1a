package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The small headers map behaves as Camel's default, a TreeMap ordered case-insensitively, under random use. */
class SmallHeadersMapTest {

    private static List<String> sortedEntries(Map<String, Object> map) {
        List<String> entries = new ArrayList<>();
        map.forEach((k, v) -> entries.add(k + "=" + v));
        entries.sort(String.CASE_INSENSITIVE_ORDER);
        return entries;
    }

    @Test
    void behavesAsACaseInsensitiveTreeMapUnderRandomOperations() {
        Random random = new Random(7);
        String[] names = new String[60];
        for (int i = 0; i < names.length; i++) {
            names[i] = "CamelPcapHeader" + i;
        }
        for (int round = 0; round < 200; round++) {
            SmallHeadersMap ours = new SmallHeadersMap();
            TreeMap<String, Object> reference = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int kinds = round % 2 == 0 ? 12 : names.length; // some rounds pass the array limit
            for (int op = 0; op < 300; op++) {
                String name = names[random.nextInt(kinds)];
                String spelled = switch (random.nextInt(3)) {
                    case 0 -> name;
                    case 1 -> name.toLowerCase(Locale.ROOT);
                    default -> name.toUpperCase(Locale.ROOT);
                };
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> assertEquals(reference.put(spelled, op), ours.put(spelled, op));
                    case 3 -> assertEquals(reference.remove(spelled), ours.remove(spelled));
                    case 4 -> assertEquals(reference.get(spelled), ours.get(spelled));
                    default -> assertEquals(reference.containsKey(spelled), ours.containsKey(spelled));
                }
                assertEquals(reference.size(), ours.size());
            }
            assertEquals(sortedEntries(reference), sortedEntries(ours));
            assertEquals(reference, ours);
            assertEquals(reference.hashCode(), ours.hashCode());
        }
    }

    /** A new message's headers added without the search (names known to be new) are found and kept as by put. */
    @Test
    void headersAddedAsNewBehaveAsPutOnes() {
        Random random = new Random(11);
        for (int round = 0; round < 100; round++) {
            SmallHeadersMap ours = new SmallHeadersMap();
            TreeMap<String, Object> reference = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int count = random.nextInt(SmallHeadersMap.ARRAY_LIMIT + 10); // some pass the array limit
            for (int i = 0; i < count; i++) {
                ours.putAbsent("CamelPcapHeader" + i, i);
                reference.put("CamelPcapHeader" + i, i);
            }
            assertEquals(reference, ours);
            if (count <= SmallHeadersMap.ARRAY_LIMIT) {
                List<String> inOrder = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    inOrder.add("CamelPcapHeader" + i);
                }
                assertEquals(inOrder, new ArrayList<>(ours.keySet()), "in the order added");
            }
            for (int op = 0; op < 100; op++) {
                String name = "camelpcapheader" + random.nextInt(count + 5);
                switch (random.nextInt(4)) {
                    case 0 -> assertEquals(reference.put(name, -op), ours.put(name, -op));
                    case 1 -> assertEquals(reference.remove(name), ours.remove(name));
                    default -> assertEquals(reference.get(name), ours.get(name));
                }
            }
            assertEquals(sortedEntries(reference), sortedEntries(ours));
        }
    }

    @Test
    void namesEqualIgnoringCaseHaveEqualSignaturesEvenOutsideAscii() {
        String[][] equal = {{"CamelPcapTimestamp", "CAMELPCAPTIMESTAMP"}, {"ǅx", "ǆX"}, {"ſ", "S"}, {"İi", "i̇I"}};
        for (String[] pair : equal) {
            if (pair[0].equalsIgnoreCase(pair[1])) {
                assertEquals(SmallHeadersMap.signature(pair[0]), SmallHeadersMap.signature(pair[1]), pair[0]);
            }
        }
        SmallHeadersMap map = new SmallHeadersMap();
        map.put("ǅx", 1);
        assertEquals(1, map.get("ǆX"));
        map.put("ſ", 2); // long s: equal to "S" ignoring case
        assertEquals("ſ".equalsIgnoreCase("S") ? 2 : null, map.get("S"));
    }

    @Test
    void anAsciiCharacterHasTheSignatureOfEveryCharacterEqualToItIgnoringCase() {
        // The signature folds ASCII without Character's tables: it must still match every char equalsIgnoreCase
        // takes as equal (the long s, the Kelvin sign, ...).
        for (char ascii = 0; ascii < 0x80; ascii++) {
            String a = "x" + ascii;
            for (int other = 0; other <= Character.MAX_VALUE; other++) {
                String b = "x" + (char) other;
                if (a.equalsIgnoreCase(b)) {
                    assertEquals(SmallHeadersMap.signature(a), SmallHeadersMap.signature(b), a + " / " + b);
                }
            }
        }
        assertEquals(SmallHeadersMap.signature("xk"), SmallHeadersMap.signature("x\u212A")); // Kelvin sign
    }

    @Test
    void keepsTheFirstSpellingRefusesNullNamesAndRemovesThroughTheIterator() {
        SmallHeadersMap map = new SmallHeadersMap();
        map.put("CamelPcapTimestamp", 1L);
        map.put("camelpcaptimestamp", 2L);
        assertEquals(List.of("CamelPcapTimestamp=2"), sortedEntries(map));
        assertThrows(NullPointerException.class, () -> map.put(null, 1));
        assertThrows(NullPointerException.class, () -> map.get(null));
        map.put("A", 1);
        map.put("B", 2);
        for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> entry = it.next();
            if (entry.getKey().equals("A")) {
                it.remove();
            } else {
                entry.setValue(entry.getValue() + "!");
            }
        }
        assertEquals(List.of("B=2!", "CamelPcapTimestamp=2!"), sortedEntries(map));
        assertNull(map.get("a"));
        map.clear();
        assertEquals(0, map.size());
    }

    @Test
    void aContextThatOptsInUsesItForEveryMessageAndHeadersStayCaseInsensitive() throws Exception {
        try (CamelContext plain = new DefaultCamelContext()) {
            plain.start();
            assertFalse(
                    plain.getCamelContextExtension().getHeadersMapFactory() instanceof SmallHeadersMapFactory,
                    "having replay-tcp on the classpath changes no other context");
        }
        try (CamelContext context = new DefaultCamelContext()) {
            SmallHeadersMapFactory.useIn(context);
            context.start();
            assertInstanceOf(
                    SmallHeadersMapFactory.class,
                    context.getCamelContextExtension().getHeadersMapFactory());
            Message message = new DefaultExchange(context).getIn();
            message.setHeader("CamelPcapConnectionIndex", 3);
            assertEquals(3, message.getHeader("camelpcapconnectionindex"));
            Message copy = message.copy();
            assertEquals(3, copy.getHeader("CAMELPCAPCONNECTIONINDEX"));
            assertInstanceOf(SmallHeadersMap.class, copy.getHeaders());
        }
    }
}
