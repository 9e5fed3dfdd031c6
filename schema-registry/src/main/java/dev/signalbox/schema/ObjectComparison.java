package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The object part of a {@link SubschemaCheck}: required members, each property, and the content
 * model ({@code additionalProperties} and {@code patternProperties}). A writer whose content model
 * is open may already have sent any member under any name, so a property the reader newly types
 * is incompatible unless the writer's model was closed (or partially open with a schema the
 * property accepts) — Confluent's PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL rule. Single use, one thread.
 */
final class ObjectComparison {

    private final SubschemaCheck check;
    private final JsonNode r;
    private final JsonNode w;
    private final String at;

    ObjectComparison(SubschemaCheck check, JsonNode r, JsonNode w, String at) {
        this.check = check;
        this.r = r;
        this.w = w;
        this.at = at;
    }

    void run() {
        Map<String, JsonNode> rProps = SchemaNodes.members(r.get("properties"));
        Map<String, JsonNode> wProps = SchemaNodes.members(w.get("properties"));
        Set<String> wRequired = names(w.get("required"));
        for (String name : names(r.get("required"))) {
            JsonNode property = rProps.get(name);
            boolean hasDefault =
                    property != null && check.resolveReader(property).has("default");
            if (!wRequired.contains(name) && !hasDefault) {
                check.report(
                        at + "/required",
                        "property '" + name + "' is required by " + check.readerName() + " but not by "
                                + check.writerName());
            }
        }
        for (Map.Entry<String, JsonNode> p : rProps.entrySet()) {
            String name = p.getKey();
            String where = SchemaNodes.child(at, "properties", name);
            JsonNode written = wProps.get(name);
            if (written != null) {
                check.compareFrom(p.getValue(), written, where);
                continue;
            }
            JsonNode open = otherMembers(w, name);
            if (SchemaNodes.isNothing(open)) {
                continue; // added to a closed content model: the writer never sent it
            }
            if (SchemaNodes.isAnything(open) && !SchemaNodes.isAnything(check.resolveReader(p.getValue()))) {
                check.report(
                        where,
                        "property '" + name + "' added to an open content model: " + check.writerName() + " allows '"
                                + name + "' with any value");
                continue;
            }
            check.compareFrom(p.getValue(), open, where);
        }
        for (Map.Entry<String, JsonNode> p : wProps.entrySet()) {
            String name = p.getKey();
            if (rProps.containsKey(name)) {
                continue;
            }
            JsonNode accepts = otherMembers(r, name);
            String where = SchemaNodes.child(at, "properties", name);
            if (SchemaNodes.isNothing(accepts)) {
                check.report(
                        where,
                        "property '" + name + "' removed from a closed content model: " + check.writerName()
                                + " sends it, " + check.readerName() + " refuses it");
            } else {
                check.compareFrom(accepts, p.getValue(), where);
            }
        }
        contentModel();
    }

    /** additionalProperties and patternProperties: what the reader takes beyond named members. */
    private void contentModel() {
        JsonNode rAdd = check.resolveReader(orTrue(r.get("additionalProperties")));
        JsonNode wAdd = check.resolveWriter(orTrue(w.get("additionalProperties")));
        Map<String, JsonNode> rPatterns = SchemaNodes.members(r.get("patternProperties"));
        Map<String, JsonNode> wPatterns = SchemaNodes.members(w.get("patternProperties"));
        for (Map.Entry<String, JsonNode> p : rPatterns.entrySet()) {
            JsonNode written = wPatterns.getOrDefault(p.getKey(), wAdd);
            check.compareFrom(p.getValue(), written, SchemaNodes.child(at, "patternProperties", p.getKey()));
        }
        if (SchemaNodes.isAnything(rAdd) || SchemaNodes.isNothing(wAdd)) {
            return;
        }
        String where = at + "/additionalProperties";
        if (SchemaNodes.isNothing(rAdd)) {
            check.report(
                    where,
                    "the content model was closed: " + check.writerName() + " allows other properties, "
                            + check.readerName() + " refuses them");
        } else if (SchemaNodes.isAnything(wAdd)) {
            check.report(
                    where,
                    "additionalProperties narrowed: " + check.writerName() + " allows other properties with any value");
        } else {
            check.compareFrom(rAdd, wAdd, where);
        }
    }

    /** The schema a member called {@code name} gets when it is not a named property. */
    private JsonNode otherMembers(JsonNode s, String name) {
        for (Map.Entry<String, JsonNode> p :
                SchemaNodes.members(s.get("patternProperties")).entrySet()) {
            try {
                if (Pattern.compile(p.getKey()).matcher(name).find()) {
                    return p.getValue();
                }
            } catch (PatternSyntaxException e) {
                // The meta-schema lets through regexes Java cannot compile; such a pattern
                // matches nothing here, which errs toward reporting a difference.
            }
        }
        return orTrue(s.get("additionalProperties"));
    }

    private static JsonNode orTrue(JsonNode s) {
        return s == null ? BooleanNode.TRUE : s;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
