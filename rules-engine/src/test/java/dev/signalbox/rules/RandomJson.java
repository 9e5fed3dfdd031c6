package dev.signalbox.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random events and exact-value patterns as JSON text, spelled the way a client might (5, 5.0,
 * 5e0), for differential tests. Vocabularies are small on purpose so that patterns hit events
 * often.
 */
final class RandomJson {
    private static final String[] KEYS = {"a", "b", "c", "d", "e"};
    private static final String[] STRINGS = {"\"x\"", "\"y\"", "\"X\"", "\"ü\"", "\"\"", "\"5\"", "\"true\"", "\"null\""
    };
    /** Groups of spellings of one number; a pattern may use any spelling of the event's value. */
    private static final String[][] NUMBERS = {
        {"0", "-0", "0.0", "0e5"},
        {"5", "5.0", "5e0", "50e-1", "0.5e1"},
        {"-3", "-3.00", "-0.3e1"},
        {"2.5", "2.50", "25e-1"},
        {"100", "1e2", "1E+2", "100.0"},
        {"0.1", "0.10", "1e-1"},
        {"123456789", "1.23456789e8"},
        {"7"}
    };

    private final Random random;

    RandomJson(long seed) {
        this.random = new Random(seed);
    }

    /** A random event object. */
    String event() {
        return object(0);
    }

    /**
     * A pattern drawn from an event: one to three of its leaf paths (none a prefix of another),
     * each listing the event's value at that path (often respelled) and maybe some other values;
     * sometimes a value is replaced so the pattern misses.
     */
    String patternFrom(String eventJson) {
        Map<List<String>, List<String>> leaves = new LinkedHashMap<>();
        collectLeaves(Json.parse(eventJson), new ArrayList<>(), leaves);
        List<List<String>> paths = new ArrayList<>(leaves.keySet());
        Map<List<String>, List<String>> chosen = new LinkedHashMap<>();
        int wanted = 1 + random.nextInt(3);
        for (int tries = 0; tries < 10 && chosen.size() < wanted && !paths.isEmpty(); tries++) {
            List<String> path = paths.get(random.nextInt(paths.size()));
            if (chosen.keySet().stream().noneMatch(p -> isPrefix(p, path) || isPrefix(path, p))) {
                List<String> values = leaves.get(path);
                chosen.put(path, valueList(values.get(random.nextInt(values.size()))));
            }
        }
        if (chosen.isEmpty()) {
            chosen.put(List.of(KEYS[random.nextInt(KEYS.length)]), valueList(scalar()));
        }
        return render(chosen);
    }

    private List<String> valueList(String seen) {
        List<String> values = new ArrayList<>();
        values.add(random.nextInt(5) == 0 ? scalar() : respell(seen));
        for (int extra = random.nextInt(3); extra > 0; extra--) {
            values.add(scalar());
        }
        java.util.Collections.shuffle(values, random);
        return values;
    }

    private String object(int depth) {
        StringBuilder out = new StringBuilder("{");
        List<String> keys = new ArrayList<>(List.of(KEYS));
        java.util.Collections.shuffle(keys, random);
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(keys.get(i)).append("\":").append(value(depth));
        }
        return out.append('}').toString();
    }

    private String value(int depth) {
        int roll = random.nextInt(10);
        if (depth < 3 && roll < 2) {
            return object(depth + 1);
        }
        if (depth < 3 && roll < 5) {
            return array(depth + 1);
        }
        return scalar();
    }

    private String array(int depth) {
        StringBuilder out = new StringBuilder("[");
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            int roll = random.nextInt(10);
            out.append(roll < 3 && depth < 3 ? object(depth + 1) : roll < 4 && depth < 3 ? array(depth + 1) : scalar());
        }
        return out.append(']').toString();
    }

    private String scalar() {
        int roll = random.nextInt(10);
        if (roll < 4) {
            return STRINGS[random.nextInt(STRINGS.length)];
        }
        if (roll < 7) {
            String[] group = NUMBERS[random.nextInt(NUMBERS.length)];
            return group[random.nextInt(group.length)];
        }
        return new String[] {"true", "false", "null"}[roll - 7];
    }

    private String respell(String scalar) {
        for (String[] group : NUMBERS) {
            if (List.of(group).contains(scalar)) {
                return group[random.nextInt(group.length)];
            }
        }
        return scalar;
    }

    private static boolean isPrefix(List<String> prefix, List<String> path) {
        return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    private static void collectLeaves(Object node, List<String> path, Map<List<String>, List<String>> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                path.add((String) k);
                collectLeaves(v, path, out);
                path.remove(path.size() - 1);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(element -> collectLeaves(element, path, out));
        } else if (!path.isEmpty()) {
            out.computeIfAbsent(List.copyOf(path), p -> new ArrayList<>()).add((String) node);
        }
    }

    private static String render(Map<List<String>, List<String>> leaves) {
        Map<String, Object> tree = new LinkedHashMap<>();
        leaves.forEach((path, values) -> {
            Map<String, Object> node = tree;
            for (int i = 0; i < path.size() - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>)
                        node.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
                node = next;
            }
            node.put(path.get(path.size() - 1), "[" + String.join(",", values) + "]");
        });
        return renderObject(tree);
    }

    private static String renderObject(Map<String, Object> tree) {
        StringBuilder out = new StringBuilder("{");
        tree.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(key).append("\":");
            out.append(value instanceof String text ? text : renderObject(castMap(value)));
        });
        return out.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    /**
     * A tiny reader for the JSON this class writes that keeps scalars as their exact source text,
     * so a pattern can reuse the event's spelling of a number.
     */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            return new Json(text).read();
        }

        private Object read() {
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                at++;
                while (text.charAt(at) != '}') {
                    if (text.charAt(at) == ',') {
                        at++;
                    }
                    int end = text.indexOf('"', at + 1);
                    String key = text.substring(at + 1, end);
                    at = end + 2;
                    map.put(key, read());
                }
                at++;
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                at++;
                while (text.charAt(at) != ']') {
                    if (text.charAt(at) == ',') {
                        at++;
                    }
                    list.add(read());
                }
                at++;
                return list;
            }
            int start = at;
            if (c == '"') {
                at = text.indexOf('"', at + 1) + 1;
            } else {
                while (at < text.length() && ",]}".indexOf(text.charAt(at)) < 0) {
                    at++;
                }
            }
            return text.substring(start, at);
        }
    }
}
