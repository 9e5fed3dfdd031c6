package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One structural comparison: does the reader schema accept every document the writer schema
 * accepts? Walks both schemas in step and records each place where the writer allows something
 * the reader refuses: a type or enum value dropped, a bound tightened, a property that became
 * required, and the content-model rules Confluent applies to JSON Schema — a property added where
 * the writer's content model was open (old data may hold it with any value) is incompatible, one
 * added where it was closed is not; a property removed from an open reader is fine, from a closed
 * one it is not.
 *
 * <p>Local {@code $ref}s ({@code #/...}) are followed, each pair of subschemas is compared once
 * (recursive schemas end), and remote references count as "anything". Single use, one thread.
 */
final class SubschemaCheck {

    private static final Set<String> NUMERIC_LOWER =
            Set.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties");
    private static final Set<String> NUMERIC_UPPER =
            Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties");

    private final JsonNode readerRoot;
    private final JsonNode writerRoot;
    private final String reader;
    private final String writer;
    private final List<Incompatibility> problems = new ArrayList<>();
    private final Set<Pair> compared = new java.util.HashSet<>();

    /** Two subschemas by identity: the walk visits each pair once. */
    private record Pair(JsonNode r, JsonNode w) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.r == r && p.w == w;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(r) + System.identityHashCode(w);
        }
    }

    SubschemaCheck(JsonNode readerRoot, JsonNode writerRoot, String reader, String writer) {
        this.readerRoot = readerRoot;
        this.writerRoot = writerRoot;
        this.reader = reader;
        this.writer = writer;
    }

    List<Incompatibility> run() {
        compare(readerRoot, writerRoot, "");
        return problems;
    }

    private void add(String at, String message) {
        problems.add(new Incompatibility(at, message, 0));
    }

    private void compare(JsonNode r, JsonNode w, String at) {
        r = SchemaNodes.resolve(r, readerRoot);
        w = SchemaNodes.resolve(w, writerRoot);
        if (SchemaNodes.isAnything(r) || SchemaNodes.isNothing(w)) {
            return;
        }
        if (SchemaNodes.isNothing(r)) {
            add(at, writer + " allows values here; " + reader + " allows none");
            return;
        }
        if (SchemaNodes.isAnything(w)) {
            add(at, writer + " allows any value here; " + reader + " constrains it");
            return;
        }
        if (!compared.add(new Pair(r, w)) || (r.equals(w) && r.findValue("$ref") == null)) {
            return;
        }
        if (hasBranches(w)) {
            writerBranches(r, w, at);
            return;
        }
        if (w.has("allOf")) {
            compare(r, flattenAllOf(w), at);
            return;
        }
        if (hasBranches(r)) {
            readerBranches(r, w, at);
            return;
        }
        if (r.has("allOf")) {
            for (int i = 0; i < r.get("allOf").size(); i++) {
                compare(r.get("allOf").get(i), w, at + "/allOf/" + i);
            }
            r = SchemaNodes.without((ObjectNode) r, "allOf");
        }
        if (r.has("not") && !r.get("not").equals(w.get("not"))) {
            add(at + "/not", "a 'not' was added or changed; " + writer + "'s values may fall under it");
        }
        Set<String> rTypes = SchemaNodes.types(r);
        Set<String> wTypes = SchemaNodes.types(w);
        compareTypes(rTypes, wTypes, w, at);
        compareEnums(r, w, at);
        compareBounds(r, w, at);
        if (SchemaNodes.mayBe(rTypes, "object") && SchemaNodes.mayBe(wTypes, "object")) {
            new ObjectComparison(this, r, w, at).run();
        }
        if (SchemaNodes.mayBe(rTypes, "array") && SchemaNodes.mayBe(wTypes, "array")) {
            compareArrays(r, w, at);
        }
    }

    // --- combinators -----------------------------------------------------------------------

    private static boolean hasBranches(JsonNode s) {
        return s.has("anyOf") || s.has("oneOf");
    }

    /** Every branch the writer may take must be readable. */
    private void writerBranches(JsonNode r, JsonNode w, String at) {
        String keyword = w.has("anyOf") ? "anyOf" : "oneOf";
        JsonNode branches = w.get(keyword);
        ObjectNode siblings = SchemaNodes.without((ObjectNode) w, keyword);
        for (int i = 0; i < branches.size(); i++) {
            compare(r, SchemaNodes.merged(siblings, SchemaNodes.resolve(branches.get(i), writerRoot)), at);
        }
    }

    /** The writer's values must all fit one of the reader's branches. */
    private void readerBranches(JsonNode r, JsonNode w, String at) {
        String keyword = r.has("anyOf") ? "anyOf" : "oneOf";
        JsonNode branches = r.get(keyword);
        ObjectNode siblings = SchemaNodes.without((ObjectNode) r, keyword);
        for (int i = 0; i < branches.size(); i++) {
            SubschemaCheck trial = new SubschemaCheck(readerRoot, writerRoot, reader, writer);
            trial.compare(
                    SchemaNodes.merged(siblings, SchemaNodes.resolve(branches.get(i), readerRoot)),
                    w,
                    at + "/" + keyword + "/" + i);
            if (trial.problems.isEmpty()) {
                return;
            }
        }
        add(at + "/" + keyword, writer + "'s values fit none of " + reader + "'s " + keyword + " branches");
    }

    private JsonNode flattenAllOf(JsonNode w) {
        ObjectNode flat = SchemaNodes.without((ObjectNode) w, "allOf");
        for (JsonNode part : w.get("allOf")) {
            flat = SchemaNodes.merged(flat, SchemaNodes.resolve(part, writerRoot));
        }
        return flat;
    }

    // --- keywords ---------------------------------------------------------------------------

    private void compareTypes(Set<String> rTypes, Set<String> wTypes, JsonNode w, String at) {
        if (rTypes == null) {
            return;
        }
        if (wTypes == null) {
            if (!enumFits(rTypes, w)) {
                add(at + "/type", writer + " allows any type here; " + reader + " only " + rTypes);
            }
            return;
        }
        for (String t : wTypes) {
            if (!rTypes.contains(t) && !(t.equals("integer") && rTypes.contains("number"))) {
                add(at + "/type", "type narrowed: " + writer + " allows " + t + ", " + reader + " only " + rTypes);
            }
        }
    }

    private static boolean enumFits(Set<String> rTypes, JsonNode w) {
        List<JsonNode> values = SchemaNodes.enumValues(w);
        return values != null
                && values.stream()
                        .allMatch(v -> rTypes.contains(SchemaNodes.typeOf(v))
                                || (SchemaNodes.typeOf(v).equals("integer") && rTypes.contains("number")));
    }

    private void compareEnums(JsonNode r, JsonNode w, String at) {
        List<JsonNode> rValues = SchemaNodes.enumValues(r);
        if (rValues == null) {
            return;
        }
        String keyword = r.has("enum") ? "enum" : "const";
        List<JsonNode> wValues = SchemaNodes.enumValues(w);
        if (wValues == null) {
            add(at + "/" + keyword, "'" + keyword + "' added: " + writer + " allows values outside " + rValues);
            return;
        }
        Set<JsonNode> missing = new LinkedHashSet<>();
        for (JsonNode v : wValues) {
            if (rValues.stream().noneMatch(x -> SchemaNodes.sameValue(x, v))) {
                missing.add(v);
            }
        }
        if (!missing.isEmpty()) {
            add(at + "/" + keyword, "enum narrowed: " + missing + " allowed by " + writer + " but not by " + reader);
        }
    }

    private void compareBounds(JsonNode r, JsonNode w, String at) {
        for (String k : NUMERIC_LOWER) {
            if (r.has(k)
                    && r.get(k).isNumber()
                    && (!w.has(k) || w.get(k).decimalValue().compareTo(r.get(k).decimalValue()) < 0)) {
                add(at + "/" + k, k + " raised or added: " + reader + " refuses values " + writer + " allows");
            }
        }
        for (String k : NUMERIC_UPPER) {
            if (r.has(k)
                    && r.get(k).isNumber()
                    && (!w.has(k) || w.get(k).decimalValue().compareTo(r.get(k).decimalValue()) > 0)) {
                add(at + "/" + k, k + " lowered or added: " + reader + " refuses values " + writer + " allows");
            }
        }
        for (String k :
                List.of("pattern", "format", "contains", "dependentRequired", "dependencies", "propertyNames")) {
            if (r.has(k) && !r.get(k).equals(w.get(k))) {
                add(
                        at + "/" + k,
                        "'" + k + "' added or changed: " + reader + " may refuse values " + writer + " allows");
            }
        }
        if (r.has("multipleOf") && r.get("multipleOf").isNumber()) {
            JsonNode wm = w.get("multipleOf");
            boolean fits = wm != null
                    && wm.isNumber()
                    && wm.decimalValue()
                                    .remainder(r.get("multipleOf").decimalValue())
                                    .signum()
                            == 0;
            if (!fits) {
                add(
                        at + "/multipleOf",
                        "multipleOf added or changed: " + reader + " refuses values " + writer + " allows");
            }
        }
        if (r.path("uniqueItems").asBoolean(false) && !w.path("uniqueItems").asBoolean(false)) {
            add(at + "/uniqueItems", "uniqueItems added: " + writer + " allows repeated items");
        }
    }

    private void compareArrays(JsonNode r, JsonNode w, String at) {
        JsonNode rPrefix = tuple(r);
        JsonNode wPrefix = tuple(w);
        JsonNode rRest = rest(r);
        JsonNode wRest = rest(w);
        int rLen = rPrefix == null ? 0 : rPrefix.size();
        int wLen = wPrefix == null ? 0 : wPrefix.size();
        String tupleKey = r.has("prefixItems") ? "prefixItems" : "items";
        for (int i = 0; i < Math.max(rLen, wLen); i++) {
            JsonNode ri = i < rLen ? rPrefix.get(i) : rRest;
            JsonNode wi = i < wLen ? wPrefix.get(i) : wRest;
            compare(ri, wi, at + "/" + (i < rLen ? tupleKey + "/" + i : restKey(r)));
        }
        compare(rRest, wRest, at + "/" + restKey(r));
    }

    /** The positional item schemas: 2020-12 {@code prefixItems}, draft-07 array-form {@code items}. */
    private static JsonNode tuple(JsonNode s) {
        if (s.has("prefixItems")) {
            return s.get("prefixItems");
        }
        return s.has("items") && s.get("items").isArray() ? s.get("items") : null;
    }

    /** The schema of items after the positional ones. */
    private static JsonNode rest(JsonNode s) {
        if (s.has("prefixItems") || (s.has("items") && s.get("items").isArray())) {
            JsonNode rest = s.has("prefixItems") ? s.get("items") : s.get("additionalItems");
            return rest == null ? BooleanNode.TRUE : rest;
        }
        return s.has("items") ? s.get("items") : BooleanNode.TRUE;
    }

    private static String restKey(JsonNode s) {
        return s.has("items") && s.get("items").isArray() ? "additionalItems" : "items";
    }

    // --- helpers shared with ObjectComparison ------------------------------------------------

    void compareFrom(JsonNode r, JsonNode w, String at) {
        compare(r, w, at);
    }

    void report(String at, String message) {
        add(at, message);
    }

    String readerName() {
        return reader;
    }

    String writerName() {
        return writer;
    }

    JsonNode resolveReader(JsonNode s) {
        return SchemaNodes.resolve(s, readerRoot);
    }

    JsonNode resolveWriter(JsonNode s) {
        return SchemaNodes.resolve(s, writerRoot);
    }
}
