package dev.signalbox.rules.gen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random events as trees of maps, lists and {@link Scalar}s: nested objects, arrays of scalars,
 * arrays of objects, arrays of arrays, empty containers, dotted and unicode keys.
 */
public final class EventGenerator {
    private final Random random;

    public EventGenerator(Random random) {
        this.random = random;
    }

    /** A random event object (no duplicate keys: Jackson would keep only the last). */
    public Map<String, Object> event() {
        return object(0);
    }

    private Map<String, Object> object(int depth) {
        List<String> keys = new ArrayList<>(Vocabulary.KEYS);
        Collections.shuffle(keys, random);
        int count = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(4);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            out.put(keys.get(i), value(depth));
        }
        return out;
    }

    private Object value(int depth) {
        int roll = random.nextInt(10);
        if (depth < 3 && roll < 2) {
            return object(depth + 1);
        }
        if (depth < 3 && roll < 4) {
            return array(depth + 1);
        }
        return Vocabulary.scalar(random);
    }

    private List<Object> array(int depth) {
        int count = random.nextInt(4);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(10);
            if (depth < 3 && roll < 4) {
                out.add(object(depth + 1));
            } else if (depth < 3 && roll < 5) {
                out.add(array(depth + 1));
            } else {
                out.add(Vocabulary.scalar(random));
            }
        }
        return out;
    }

    /** Every (dotted name, scalar) leaf of an event, as event-ruler flattens it. */
    public static Map<String, List<Scalar>> leaves(Map<String, Object> event) {
        Map<String, List<Scalar>> out = new LinkedHashMap<>();
        collect(event, "", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, String name, Map<String, List<Scalar>> out) {
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> collect(v, name.isEmpty() ? k : name + "." + k, out));
        } else if (node instanceof List<?> list) {
            list.forEach(element -> collect(element, name, out));
        } else if (!name.isEmpty()) {
            out.computeIfAbsent(name, n -> new ArrayList<>()).add((Scalar) node);
        }
    }
}
