package dev.signalbox.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stored form of a registry: one JSON document holding its settings, schemas and every
 * version. Stateless.
 *
 * <pre>
 * {"name", "description"?, "compatibility", "createdAt",
 *  "schemas": [{"name", "description"?, "tags": [..], "compatibility"?, "updatedAt",
 *               "versions": [{"version", "createdAt", "schema": {..}}]}]}
 * </pre>
 */
public final class RegistryDocument {

    /** Numbers keep the digits they were registered with (an enum of 0.10 stays 0.10). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private RegistryDocument() {}

    public static byte[] write(Registry registry) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode().put("name", registry.name());
        registry.description().ifPresent(d -> doc.put("description", d));
        doc.put("compatibility", registry.compatibility().name());
        doc.put("createdAt", registry.createdAt().toString());
        ArrayNode schemas = doc.putArray("schemas");
        for (SchemaEntry entry : registry.schemas().values()) {
            ObjectNode s = schemas.addObject().put("name", entry.name());
            entry.description().ifPresent(d -> s.put("description", d));
            entry.tags().forEach(s.putArray("tags")::add);
            if (!s.has("tags")) {
                s.putArray("tags");
            }
            entry.compatibility().ifPresent(c -> s.put("compatibility", c.name()));
            s.put("updatedAt", entry.updatedAt().toString());
            ArrayNode versions = s.putArray("versions");
            for (SchemaVersion v : entry.versions()) {
                versions.addObject()
                        .put("version", v.version())
                        .put("createdAt", v.createdAt().toString())
                        .set("schema", v.schemaTree());
            }
        }
        try {
            return MAPPER.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }

    public static Registry read(byte[] bytes) throws IOException {
        JsonNode doc = MAPPER.readTree(bytes);
        String name = doc.get("name").textValue();
        Map<String, SchemaEntry> schemas = new TreeMap<>();
        for (JsonNode s : doc.get("schemas")) {
            String schemaName = s.get("name").textValue();
            List<SchemaVersion> versions = new ArrayList<>();
            for (JsonNode v : s.get("versions")) {
                versions.add(new SchemaVersion(
                        name,
                        schemaName,
                        v.get("version").intValue(),
                        v.get("schema"),
                        Instant.parse(v.get("createdAt").textValue())));
            }
            List<String> tags = new ArrayList<>();
            s.get("tags").forEach(t -> tags.add(t.textValue()));
            schemas.put(
                    schemaName,
                    new SchemaEntry(
                            schemaName,
                            text(s, "description"),
                            tags,
                            text(s, "compatibility").flatMap(Compatibility::named),
                            versions,
                            Instant.parse(s.get("updatedAt").textValue())));
        }
        return new Registry(
                name,
                text(doc, "description"),
                Compatibility.named(doc.get("compatibility").textValue()).orElse(Compatibility.BACKWARD),
                Instant.parse(doc.get("createdAt").textValue()),
                schemas);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.textValue());
    }
}
