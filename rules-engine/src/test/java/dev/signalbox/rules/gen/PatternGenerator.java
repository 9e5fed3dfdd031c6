package dev.signalbox.rules.gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random event patterns drawn from random events: fields the event has (and some it lacks),
 * every operator, nested or dotted spellings of the same path, {@code $or} (also nested), and now
 * and then a construct event-ruler refuses, so that refusals are compared too.
 */
public final class PatternGenerator {
    private final Random random;
    private final Operators operators;

    public PatternGenerator(Random random) {
        this.random = random;
        this.operators = new Operators(random);
    }

    /** A pattern as JSON text, drawn from the event. */
    public String patternFrom(Map<String, Object> event) {
        Map<String, List<Scalar>> leaves = EventGenerator.leaves(event);
        List<String> names = new ArrayList<>(leaves.keySet());
        int wanted = 1 + random.nextInt(4);
        Map<String, List<Object>> fields = new LinkedHashMap<>();
        String previous = null;
        for (int i = 0; i < wanted; i++) {
            boolean fromEvent = !names.isEmpty() && random.nextInt(6) > 0;
            String name = fromEvent ? Vocabulary.pick(random, names) : randomName();
            // Siblings of the previous field (same parent path) exercise array consistency.
            if (fromEvent && previous != null && random.nextBoolean()) {
                String parent = previous.contains(".") ? previous.substring(0, previous.lastIndexOf('.') + 1) : "";
                List<String> siblings =
                        names.stream().filter(n -> n.startsWith(parent)).toList();
                name = siblings.isEmpty() ? name : Vocabulary.pick(random, siblings);
            }
            previous = name;
            List<Scalar> seen = leaves.getOrDefault(name, List.of());
            fields.put(name, valueList(seen));
        }
        Map<String, Object> pattern = random.nextInt(4) == 0 ? withOr(fields) : tree(fields);
        if (random.nextInt(12) == 0) {
            Invalid.inject(random, pattern);
        }
        return Json.render(pattern);
    }

    private String randomName() {
        String name = Vocabulary.pick(random, Vocabulary.KEYS);
        return random.nextBoolean() ? name : name + "." + Vocabulary.pick(random, Vocabulary.KEYS);
    }

    private List<Object> valueList(List<Scalar> seen) {
        List<Object> list = new ArrayList<>();
        int count = 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
        for (int i = 0; i < count; i++) {
            boolean related = !seen.isEmpty() && random.nextInt(5) > 0;
            list.add(related ? operators.entry(Vocabulary.pick(random, seen)) : operators.noise());
        }
        return list;
    }

    // Splits the fields over 2 or 3 $or alternatives (one may hold a nested $or); some stay outside.
    private Map<String, Object> withOr(Map<String, List<Object>> fields) {
        List<String> names = new ArrayList<>(fields.keySet());
        Map<String, List<Object>> outside = new LinkedHashMap<>();
        List<Map<String, List<Object>>> branches = new ArrayList<>();
        int branchCount = 2 + random.nextInt(2);
        for (int i = 0; i < branchCount; i++) {
            branches.add(new LinkedHashMap<>());
        }
        for (String name : names) {
            if (random.nextInt(4) == 0) {
                outside.put(name, fields.get(name));
            } else {
                branches.get(random.nextInt(branchCount)).put(name, fields.get(name));
            }
        }
        List<Object> alternatives = new ArrayList<>();
        for (Map<String, List<Object>> branch : branches) {
            if (branch.isEmpty()) {
                branch.put(randomName(), valueList(List.of()));
            }
            Map<String, Object> rendered = tree(branch);
            if (random.nextInt(6) == 0) {
                Map<String, List<Object>> a = Map.of(randomName(), valueList(List.of()));
                Map<String, List<Object>> b = Map.of(randomName(), valueList(List.of()));
                rendered.put("$or", List.of(tree(a), tree(b)));
            }
            alternatives.add(rendered);
        }
        Map<String, Object> pattern = tree(outside);
        Map<String, Object> ordered = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            ordered.put("$or", alternatives);
            ordered.putAll(pattern);
        } else {
            ordered.putAll(pattern);
            ordered.put("$or", alternatives);
        }
        return ordered;
    }

    /**
     * The fields as nested objects, each dotted name split at random dots (event-ruler joins them
     * back); a name that would collide with another's object is written dotted at the top.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> tree(Map<String, List<Object>> fields) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, List<Object>> field : fields.entrySet()) {
            List<String> keys = splitAtRandomDots(field.getKey());
            Map<String, Object> node = root;
            boolean placed = true;
            for (int i = 0; i < keys.size() - 1 && placed; i++) {
                Object next = node.computeIfAbsent(keys.get(i), k -> new LinkedHashMap<String, Object>());
                if (next instanceof Map<?, ?> map) {
                    node = (Map<String, Object>) map;
                } else {
                    placed = false;
                }
            }
            String last = keys.get(keys.size() - 1);
            if (placed && !(node.get(last) instanceof Map)) {
                node.put(last, field.getValue());
            } else if (!(root.get(field.getKey()) instanceof Map)) {
                root.put(field.getKey(), field.getValue());
            }
        }
        return root;
    }

    private List<String> splitAtRandomDots(String name) {
        List<String> keys = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (c == '.' && random.nextBoolean()) {
                keys.add(key.toString());
                key.setLength(0);
            } else {
                key.append(c);
            }
        }
        keys.add(key.toString());
        return keys;
    }
}
