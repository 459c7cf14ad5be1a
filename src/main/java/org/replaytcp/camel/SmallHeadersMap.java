package org.replaytcp.camel;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Message headers with case-insensitive names, kept in two small arrays while there are few of them.
 *
 * <p>Camel's default is a {@code TreeMap} ordered case-insensitively: every get or put compares names character by
 * character, a quarter of the replay's per-segment time with our ten headers that all start "CamelPcap". Here a
 * lookup first looks for the very same String (header names are constants), then compares ignoring case, so a get
 * costs a few reference comparisons. Past {@link #ARRAY_LIMIT} headers it turns into that same TreeMap, so
 * messages with many headers cost no more than before. Like the TreeMap, a name put again in another case keeps
 * the first spelling, null names are refused, and it is not thread-safe. Iteration is in insertion order.
 */
final class SmallHeadersMap extends AbstractMap<String, Object> {

    static final int ARRAY_LIMIT = 32;

    private String[] names = new String[8];
    private Object[] values = new Object[8];
    /** {@link #signature} of each name: names that differ in it cannot be equal ignoring case. */
    private int[] signatures = new int[8];

    private int size;
    private int modifications;
    /** Used instead of the arrays once there are more than {@link #ARRAY_LIMIT} headers. */
    private TreeMap<String, Object> large;

    SmallHeadersMap() {}

    SmallHeadersMap(Map<String, Object> copied) {
        putAll(copied);
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        if (name instanceof String text) {
            int signature = signature(text);
            for (int i = 0; i < size; i++) {
                if (signatures[i] == signature && names[i].equalsIgnoreCase(text)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Length and first and last characters folded as {@link String#equalsIgnoreCase} folds them: equal for names
     * that are equal ignoring case, so most other names are told apart without comparing them.
     */
    static int signature(String name) {
        int length = name.length();
        if (length == 0) {
            return 0;
        }
        return length << 16 ^ fold(name.charAt(0)) << 8 ^ fold(name.charAt(length - 1));
    }

    private static int fold(char c) {
        if (c < 0x80) {
            // ASCII, as header names are: what the two calls below give, without them. A put of a new name and a
            // get of an absent one fold two characters: ~10% of the reading thread's CPU samples at top speed
            // (1 M x 100 B, 2026-12-07). The replay's time did not move: that thread is not what it waits for.
            return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    @Override
    public Object get(Object name) {
        if (large != null) {
            return large.get(name);
        }
        Objects.requireNonNull(name);
        int at = indexOf(name);
        return at < 0 ? null : values[at];
    }

    @Override
    public boolean containsKey(Object name) {
        if (large != null) {
            return large.containsKey(name);
        }
        Objects.requireNonNull(name);
        return indexOf(name) >= 0;
    }

    @Override
    public Object put(String name, Object value) {
        if (large != null) {
            return large.put(name, value);
        }
        Objects.requireNonNull(name);
        int at = indexOf(name);
        if (at >= 0) {
            Object previous = values[at];
            values[at] = value;
            return previous;
        }
        if (size == ARRAY_LIMIT) {
            large = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < size; i++) {
                large.put(names[i], values[i]);
            }
            names = null;
            values = null;
            signatures = null;
            size = 0;
            modifications++;
            return large.put(name, value);
        }
        append(name, value);
        return null;
    }

    /**
     * Adds a header the caller knows is not there yet (a new message's first headers, under distinct names): a put
     * without the search for the name, which for ten headers on a new message was 6% of the reading thread at top
     * speed (each search misses twice: by identity, then ignoring case).
     */
    void putAbsent(String name, Object value) {
        if (large != null || size == ARRAY_LIMIT) {
            put(name, value);
            return;
        }
        Objects.requireNonNull(name);
        append(name, value);
    }

    /** Adds a name not in the arrays yet, below {@link #ARRAY_LIMIT}, growing them when full. */
    private void append(String name, Object value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
            signatures = Arrays.copyOf(signatures, size * 2);
        }
        names[size] = name;
        values[size] = value;
        signatures[size] = signature(name);
        size++;
        modifications++;
    }

    @Override
    public Object remove(Object name) {
        if (large != null) {
            return large.remove(name);
        }
        Objects.requireNonNull(name);
        int at = indexOf(name);
        if (at < 0) {
            return null;
        }
        Object previous = values[at];
        removeAt(at);
        return previous;
    }

    private void removeAt(int at) {
        int after = size - at - 1;
        System.arraycopy(names, at + 1, names, at, after);
        System.arraycopy(values, at + 1, values, at, after);
        System.arraycopy(signatures, at + 1, signatures, at, after);
        size--;
        names[size] = null;
        values[size] = null;
        modifications++;
    }

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public void clear() {
        if (large != null) {
            large.clear();
            return;
        }
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        modifications++;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return large != null ? large.entrySet() : new Entries();
    }

    /** The entries of the arrays, removable through the iterator, values settable through the entries. */
    private final class Entries extends AbstractSet<Entry<String, Object>> {

        @Override
        public int size() {
            return SmallHeadersMap.this.size();
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
            return new Iterator<>() {
                private int next;
                private int last = -1;
                private int expected = modifications;

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public Entry<String, Object> next() {
                    if (expected != modifications || large != null) {
                        throw new ConcurrentModificationException();
                    }
                    if (next >= size) {
                        throw new NoSuchElementException();
                    }
                    last = next++;
                    return new ArrayEntry(last);
                }

                @Override
                public void remove() {
                    if (last < 0) {
                        throw new IllegalStateException();
                    }
                    if (expected != modifications) {
                        throw new ConcurrentModificationException();
                    }
                    removeAt(last);
                    next = last;
                    last = -1;
                    expected = modifications;
                }
            };
        }
    }

    /** One header of the arrays, by position. */
    private final class ArrayEntry implements Entry<String, Object> {
        private final int at;
        private final String name;

        ArrayEntry(int at) {
            this.at = at;
            this.name = names[at];
        }

        @Override
        public String getKey() {
            return name;
        }

        @Override
        public Object getValue() {
            return values != null && at < size && names[at] == name ? values[at] : get(name);
        }

        @Override
        public Object setValue(Object value) {
            return put(name, value);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry<?, ?> entry
                    && name.equals(entry.getKey())
                    && Objects.equals(getValue(), entry.getValue());
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return name + "=" + getValue();
        }
    }
}
