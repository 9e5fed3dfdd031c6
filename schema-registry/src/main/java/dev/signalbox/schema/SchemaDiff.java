package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two schema documents, member by member: each change names the JSON
 * Pointer where the documents part and whether something was added, removed or changed there.
 * Objects are compared member by member; arrays of scalars ({@code required}, {@code enum},
 * {@code type}) element-wise as sets, so adding one required name is one change, not a rewrite;
 * other arrays by position.
 *
 * <p>Stateless and thread-safe.
 */
public final class SchemaDiff {

    /** One difference; {@code before} is absent for an addition, {@code after} for a removal. */
    public record Change(String pointer, String kind, Optional<JsonNode> before, Optional<JsonNode> after) {}

    private SchemaDiff() {}

    public static List<Change> between(JsonNode from, JsonNode to) {
        List<Change> changes = new ArrayList<>();
        walk(from, to, "", changes);
        return changes;
    }

    private static void walk(JsonNode a, JsonNode b, String at, List<Change> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String where = at + "/" + Violation.escape(name);
                if (!b.has(name)) {
                    out.add(new Change(where, "removed", Optional.of(a.get(name)), Optional.empty()));
                } else if (!a.has(name)) {
                    out.add(new Change(where, "added", Optional.empty(), Optional.of(b.get(name))));
                } else {
                    walk(a.get(name), b.get(name), where, out);
                }
            }
            return;
        }
        if (a.isArray() && b.isArray() && isScalars(a) && isScalars(b)) {
            // Set-like arrays: report members by their index in the document that has them.
            for (int i = 0; i < a.size(); i++) {
                if (!contains(b, a.get(i))) {
                    out.add(new Change(at + "/" + i, "removed", Optional.of(a.get(i)), Optional.empty()));
                }
            }
            for (int i = 0; i < b.size(); i++) {
                if (!contains(a, b.get(i))) {
                    out.add(new Change(at + "/" + i, "added", Optional.empty(), Optional.of(b.get(i))));
                }
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                String where = at + "/" + i;
                if (i >= b.size()) {
                    out.add(new Change(where, "removed", Optional.of(a.get(i)), Optional.empty()));
                } else if (i >= a.size()) {
                    out.add(new Change(where, "added", Optional.empty(), Optional.of(b.get(i))));
                } else {
                    walk(a.get(i), b.get(i), where, out);
                }
            }
            return;
        }
        out.add(new Change(at, "changed", Optional.of(a), Optional.of(b)));
    }

    private static boolean isScalars(JsonNode array) {
        for (JsonNode n : array) {
            if (n.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode n : array) {
            if (n.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
