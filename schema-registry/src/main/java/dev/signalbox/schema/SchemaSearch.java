package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry's search: by name prefix, by tag, and by text over a schema's name, description,
 * tags and the property names of its latest version (case-insensitive). Stateless.
 */
public final class SchemaSearch {

    private SchemaSearch() {}

    public static boolean matches(
            SchemaEntry entry, Optional<String> prefix, Optional<String> text, Optional<String> tag) {
        if (prefix.isPresent() && !entry.name().startsWith(prefix.get())) {
            return false;
        }
        if (tag.isPresent() && !entry.tags().contains(tag.get())) {
            return false;
        }
        if (text.isEmpty() || text.get().isBlank()) {
            return true;
        }
        String needle = text.get().toLowerCase(Locale.ROOT);
        if (entry.name().toLowerCase(Locale.ROOT).contains(needle)
                || entry.description()
                        .map(d -> d.toLowerCase(Locale.ROOT).contains(needle))
                        .orElse(false)
                || entry.tags().stream()
                        .anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(needle))) {
            return true;
        }
        return propertyNames(entry.latest().schemaTree()).stream()
                .anyMatch(p -> p.toLowerCase(Locale.ROOT).contains(needle));
    }

    /** Every name under any {@code properties} of the schema, at any depth. */
    public static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        collect(schema, names, 0);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names, int depth) {
        if (depth > 32 || !node.isContainerNode()) {
            return;
        }
        if (node.isObject() && node.path("properties").isObject()) {
            node.get("properties").fieldNames().forEachRemaining(names::add);
        }
        node.forEach(child -> collect(child, names, depth + 1));
    }
}
