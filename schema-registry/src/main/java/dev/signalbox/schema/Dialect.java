package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecificationVersion;
import java.util.Optional;

/**
 * The JSON Schema dialects a registry accepts. A schema names its dialect with {@code $schema};
 * without one it is read as 2020-12, the current specification.
 *
 * <p>Threading: an enum, safe to share.
 */
public enum Dialect {
    DRAFT_07("http://json-schema.org/draft-07/schema#", "draft-07", SpecificationVersion.DRAFT_7),
    DRAFT_2020_12("https://json-schema.org/draft/2020-12/schema", "2020-12", SpecificationVersion.DRAFT_2020_12);

    private final String uri;
    private final String label;
    private final SpecificationVersion specification;

    Dialect(String uri, String label, SpecificationVersion specification) {
        this.uri = uri;
        this.label = label;
        this.specification = specification;
    }

    /** The meta-schema URI, as {@code $schema} names it. */
    public String uri() {
        return uri;
    }

    /** The short name the API shows: {@code draft-07} or {@code 2020-12}. */
    public String label() {
        return label;
    }

    SpecificationVersion specification() {
        return specification;
    }

    /**
     * The dialect a schema declares; empty when {@code $schema} names one this registry does not
     * accept. Trailing {@code #} and {@code http}/{@code https} differences are forgiven, since
     * both spellings are common in the wild.
     */
    public static Optional<Dialect> of(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return Optional.of(DRAFT_2020_12);
        }
        if (!declared.isTextual()) {
            return Optional.empty();
        }
        String text = normalise(declared.textValue());
        for (Dialect d : values()) {
            if (normalise(d.uri).equals(text)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static String normalise(String uri) {
        String u = uri.endsWith("#") ? uri.substring(0, uri.length() - 1) : uri;
        return u.replaceFirst("^https?://", "");
    }
}
