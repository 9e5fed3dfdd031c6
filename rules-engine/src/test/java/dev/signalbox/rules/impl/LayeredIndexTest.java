package dev.signalbox.rules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link LayeredMap} and {@link RangeIndex} against plain models, through many merges. */
class LayeredIndexTest {
    private static Postings postings(int n) {
        Postings p = Postings.NONE;
        for (int i = 0; i < n; i++) {
            p = p.filed(SubRuleEntry.of(new RuleEntry("r" + i, 1), new SubRule(List.of()), 0, false));
        }
        return p;
    }

    @Test
    void layeredMapAnswersAsAHashMap() {
        Random random = new Random(3);
        Postings[] values = {postings(1), postings(2), postings(3)};
        Map<String, Postings> model = new HashMap<>();
        LayeredMap<String> map = LayeredMap.empty();
        List<LayeredMap<String>> snapshots = new ArrayList<>();
        List<Map<String, Postings>> models = new ArrayList<>();
        for (int step = 0; step < 60_000; step++) {
            String key = "k" + random.nextInt(5_000);
            Postings value = random.nextInt(3) == 0 ? Postings.NONE : values[random.nextInt(values.length)];
            map = map.with(key, value);
            if (value.isEmpty()) {
                model.remove(key);
            } else {
                model.put(key, value);
            }
            if (step % 10_000 == 0) {
                snapshots.add(map);
                models.add(new HashMap<>(model));
            }
        }
        check(map, model);
        for (int i = 0; i < snapshots.size(); i++) {
            check(snapshots.get(i), models.get(i)); // older snapshots are untouched by later changes
        }
    }

    private static void check(LayeredMap<String> map, Map<String, Postings> model) {
        assertEquals(model.size(), map.size());
        for (int i = 0; i < 5_000; i++) {
            assertSame(model.get("k" + i), map.get("k" + i), "k" + i);
            if (model.containsKey("k" + i)) {
                assertSame(model.get("k" + i), map.candidates("k" + i), "k" + i);
                assertTrue(map.mayHold(("k" + i).hashCode()), "the filter never rules out a held key: k" + i);
            }
        }
    }

    /**
     * The frozen table's filter: a held key always passes it (checked above through every merge),
     * and most keys the table lacks do not, so their lookups read neither hash slot nor cell.
     */
    @Test
    void filterRulesOutMostAbsentKeys() {
        LayeredMap<String> map = LayeredMap.empty();
        for (int i = 0; i < 20_000; i++) {
            map = map.with("cust-" + i, postings(1));
        }
        int passed = 0;
        for (int i = 0; i < 20_000; i++) {
            assertTrue(map.mayHold(("cust-" + i).hashCode()));
            assertSame(null, map.get("absent-" + i));
            if (map.mayHold(("absent-" + i).hashCode())) {
                passed++;
            }
        }
        assertTrue(passed < 20_000 * 15 / 100, passed + " of 20,000 absent keys passed the filter");
    }

    /**
     * A matcher's lookup compares only hashes in the frozen table, except where that could be
     * wrong: two keys of one hash ("Aa" and "BB" share {@code String.hashCode}), or postings that
     * waking alone proves. Absent keys of a held key's hash may wake that key's postings, which
     * are confirmed anyway.
     */
    @Test
    void candidatesAreExactWhereAHashCouldMislead() {
        Postings aa = postings(1);
        Postings bb = postings(2);
        SubRuleEntry provenEntry = SubRuleEntry.of(new RuleEntry("p", 1), new SubRule(List.of()), 0, true);
        Postings proven = Postings.NONE.filed(provenEntry);
        LayeredMap<String> map = LayeredMap.empty();
        map = map.with("Aa", aa).with("BB", bb).with("AaAa", proven);
        for (int i = 0; i < 2_000; i++) { // enough to freeze every key into the table
            map = map.with("k" + i, postings(1));
        }
        assertSame(aa, map.candidates("Aa"));
        assertSame(bb, map.candidates("BB"));
        assertSame(proven, map.candidates("AaAa"));
        assertEquals(null, map.candidates("BBBB"), "same hash as AaAa, whose entry is proven by waking");
        assertEquals(null, map.candidates("absent"));
        Postings lone = postings(1);
        map = map.with("Ab", lone);
        for (int i = 2_000; i < 4_000; i++) {
            map = map.with("k" + i, postings(1));
        }
        assertSame(lone, map.candidates("Ab"));
        assertSame(lone, map.candidates("BC"), "same hash as Ab: its entries are woken and confirmed");
        assertEquals(null, map.get("BC"));
    }

    @Test
    void rangeIndexStabsAsABruteForceScan() {
        Random random = new Random(5);
        Map<ValueTest.NumericRange, Postings> model = new HashMap<>();
        RangeIndex index = RangeIndex.EMPTY;
        List<ValueTest.NumericRange> known = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            ValueTest.NumericRange range;
            if (!known.isEmpty() && random.nextInt(3) == 0) {
                range = known.get(random.nextInt(known.size()));
            } else {
                double low = random.nextInt(1_000);
                double width = random.nextInt(10) == 0 ? random.nextInt(1_000) : random.nextInt(5);
                range = new ValueTest.NumericRange(low, random.nextBoolean(), low + width + 0.5, random.nextBoolean());
                known.add(range);
            }
            Postings value = random.nextInt(4) == 0 ? Postings.NONE : postings(1 + random.nextInt(2));
            index = index.with(range, value);
            if (value.isEmpty()) {
                model.remove(range);
            } else {
                model.put(range, value);
            }
            if (step % 997 == 0) {
                for (int x = -2; x < 2_100; x += 7) {
                    Set<Postings> expected = new HashSet<>();
                    for (Map.Entry<ValueTest.NumericRange, Postings> e : model.entrySet()) {
                        if (e.getKey().contains(x / 2.0)) {
                            expected.add(e.getValue());
                        }
                    }
                    Set<Postings> actual = new HashSet<>();
                    List<Postings> all = new ArrayList<>();
                    index.stab(x / 2.0, p -> {
                        actual.add(p);
                        all.add(p);
                    });
                    assertEquals(expected, actual, "at " + x / 2.0);
                    assertEquals(actual.size(), all.size(), "each range once at " + x / 2.0);
                }
            }
        }
        for (ValueTest.NumericRange range : known) {
            assertEquals(model.getOrDefault(range, Postings.NONE), index.get(range));
        }
    }

    /**
     * The frozen layer keeps open bounds as the next double inside them: at the bounds themselves,
     * their neighbours, zeros of both signs and infinities it must answer as the range's test does,
     * in both layers (before and after the merge).
     */
    @Test
    void rangeIndexMatchesTheRangeTestAtEdges() {
        double[] points = {
            Double.NEGATIVE_INFINITY,
            -Double.MAX_VALUE,
            -1,
            Math.nextDown(0.0),
            -0.0,
            0.0,
            Double.MIN_VALUE,
            1,
            Math.nextUp(1.0),
            2,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY
        };
        List<ValueTest.NumericRange> ranges = new ArrayList<>();
        for (double low : points) {
            for (double high : points) {
                if (Double.compare(low, high) <= 0) {
                    for (int open = 0; open < 4; open++) {
                        ranges.add(new ValueTest.NumericRange(low, (open & 1) != 0, high, (open & 2) != 0));
                    }
                }
            }
        }
        RangeIndex index = RangeIndex.EMPTY;
        Map<ValueTest.NumericRange, Postings> model = new HashMap<>();
        for (ValueTest.NumericRange range : ranges) {
            Postings value = postings(1);
            index = index.with(range, value);
            model.put(range, value);
            if (model.size() % 50 == 0 || model.size() == ranges.size()) {
                for (double x : points) {
                    Set<Postings> expected = new HashSet<>();
                    model.forEach((r, p) -> {
                        if (r.contains(x)) {
                            expected.add(p);
                        }
                    });
                    Set<Postings> actual = new HashSet<>();
                    index.stab(x, actual::add);
                    assertEquals(expected, actual, "at " + x + " after " + model.size() + " ranges");
                }
            }
        }
    }
}
