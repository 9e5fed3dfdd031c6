package dev.signalbox.rules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersistentMapTest {

    /** A key whose hash code is chosen, to force full-hash collisions and deep splits. */
    record Key(String name, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void behavesLikeAHashMapUnderRandomEdits() {
        Random random = new Random(11);
        Map<Key, Integer> model = new HashMap<>();
        PersistentMap<Key, Integer> map = PersistentMap.empty();
        for (int step = 0; step < 50_000; step++) {
            // Few distinct hashes and names: plenty of collisions, replacements and removals.
            Key key = new Key("k" + random.nextInt(400), random.nextInt(4) == 0 ? random.nextInt(8) : random.nextInt());
            if (random.nextInt(3) == 0) {
                model.remove(key);
                map = map.without(key);
            } else {
                model.put(key, step);
                map = map.with(key, step);
            }
            if (step % 1_000 == 0) {
                assertSameContent(model, map);
            }
        }
        assertSameContent(model, map);
    }

    @Test
    void oldVersionsStayIntact() {
        PersistentMap<String, Integer> one =
                PersistentMap.<String, Integer>empty().with("a", 1);
        PersistentMap<String, Integer> two = one.with("b", 2).with("a", 3);
        assertEquals(1, one.get("a"));
        assertNull(one.get("b"));
        assertEquals(3, two.get("a"));
        assertEquals(2, two.size());
        assertSame(two, two.without("missing"));
        assertEquals(0, two.without("a").without("b").size());
    }

    private static void assertSameContent(Map<Key, Integer> model, PersistentMap<Key, Integer> map) {
        assertEquals(model.size(), map.size());
        Map<Key, Integer> seen = new HashMap<>();
        map.forEach(seen::put);
        assertEquals(model, seen);
        model.forEach((k, v) -> assertEquals(v, map.get(k)));
        assertNull(map.get(new Key("absent", 3)));
    }
}
