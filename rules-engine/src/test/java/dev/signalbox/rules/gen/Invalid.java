package dev.signalbox.rules.gen;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Constructs event-ruler refuses, injected into generated patterns. */
final class Invalid {
    private static final List<String> ENTRIES = List.of(
            "{\"numeric\": [\">=\", 5, \"<=\", 5]}",
            "{\"numeric\": [\">\", 10, \"<\", 5]}",
            "{\"numeric\": [\"=\", \"5\"]}",
            "{\"numeric\": [\">\", 1e400]}",
            "{\"numeric\": [\"=\", 0.30000000000000001]}",
            "{\"numeric\": [\"<\", 5, \">\", 1]}",
            "{\"numeric\": [\">\", 1, \">\", 5]}",
            "{\"numeric\": [\">\", 1, \"<\", 5, 6]}",
            "{\"numeric\": []}",
            "{\"numeric\": [\"==\", 5]}",
            "{\"numeric\": 5}",
            "{\"wildcard\": \"a**\"}",
            "{\"wildcard\": \"a\\\\b\"}",
            "{\"wildcard\": 5}",
            "{\"anything-but\": [1, \"a\"]}",
            "{\"anything-but\": []}",
            "{\"anything-but\": [true]}",
            "{\"anything-but\": {\"prefix\": \"\"}}",
            "{\"anything-but\": {\"suffix\": [\"\"]}}",
            "{\"anything-but\": {\"prefix\": []}}",
            "{\"anything-but\": {\"foo\": \"x\"}}",
            "{\"anything-but\": {\"prefix\": \"a\", \"suffix\": \"b\"}}",
            "{\"anything-but\": {\"prefix\": 5}}",
            "{\"anything-but\": {\"wildcard\": \"a**\"}}",
            "{\"anything-but\": true}",
            "{\"anything-but\": null}",
            "{\"anything-but\": [1e400]}",
            "{\"anything-but\": {\"equals-ignore-case\": 5}}",
            "{\"cidr\": \"10.0.0.0/32\"}",
            "{\"cidr\": \"10.0.0.0\"}",
            "{\"cidr\": \"nonsense/8\"}",
            "{\"cidr\": \"2001:db8::/128\"}",
            "{\"cidr\": \"10.0.0.0/-1\"}",
            "{\"cidr\": \"10.0.0.0/x\"}",
            "{\"cidr\": 5}",
            "{\"exists\": \"yes\"}",
            "{\"exists\": null}",
            "{\"prefix\": 5}",
            "{\"prefix\": {\"foo\": \"x\"}}",
            "{\"prefix\": {\"equals-ignore-case\": 5}}",
            "{\"suffix\": {}}",
            "{\"equals-ignore-case\": 5}",
            "{\"exactly\": 5}",
            "{\"foo\": 1}",
            "{}",
            "{\"prefix\": \"a\", \"suffix\": \"b\"}",
            "[1]");

    private static final List<String> FIELDS = List.of(
            "[]",
            "5",
            "\"x\"",
            "{}",
            "null",
            "true",
            "{\"$or\": [{\"a\": [1]}]}",
            "{\"$or\": {\"a\": [1]}}",
            "{\"$or\": [{\"a\": [1]}, 5]}",
            "{\"$or\": [{\"numeric\": [1]}, {\"b\": [2]}]}",
            "{\"$or\": [{\"prefix\": {\"x\": [1]}}, {\"b\": [2]}]}",
            "{\"$or\": []}",
            "{\"$or\": [{}, {\"a\": [1]}]}");

    private Invalid() {}

    static void inject(Random random, Map<String, Object> pattern) {
        String key = Vocabulary.pick(random, Vocabulary.KEYS) + "!";
        if (random.nextBoolean()) {
            pattern.put(key, List.of(new Json.Raw(Vocabulary.pick(random, ENTRIES))));
        } else {
            pattern.put(key, new Json.Raw(Vocabulary.pick(random, FIELDS)));
        }
    }
}
