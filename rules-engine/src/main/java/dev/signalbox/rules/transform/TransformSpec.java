package dev.signalbox.rules.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a target's {@code transform} object into a {@link Transform}, or into every violation it
 * has, each pointing into the object.
 *
 * <p>Stateless entry point, thread-safe. The forms are exactly one of {@code inputPath}, {@code
 * input}, {@code inputTransformer} ({@code inputPathsMap} and {@code inputTemplate}) and {@code
 * jsonata}; EventBridge's limits apply to input transformers (100 variables named {@code
 * [A-Za-z0-9_-]+}, templates up to 8192 characters).
 */
public final class TransformSpec {
    private static final Set<String> FORMS = Set.of("inputPath", "input", "inputTransformer", "jsonata");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_\\-]{1,256}");
    private static final int MAX_VARIABLES = 100;

    /** The transform, or the violations found instead (exactly one is present). */
    public record Result(Transform transform, List<Violation> violations) {}

    private final List<Violation> violations = new ArrayList<>();

    private TransformSpec() {}

    /** Reads a spec; {@code null}, a missing node or JSON null is the original event. */
    public static Result read(JsonNode spec) {
        if (spec == null || spec.isMissingNode() || spec.isNull()) {
            return new Result(new Transform.Original(), List.of());
        }
        TransformSpec reader = new TransformSpec();
        Transform transform = reader.transform(spec);
        return reader.violations.isEmpty()
                ? new Result(transform, List.of())
                : new Result(null, List.copyOf(reader.violations));
    }

    private Transform transform(JsonNode spec) {
        if (!spec.isObject()) {
            return fail("", "A transform is an object with one of inputPath, input, inputTransformer or jsonata.");
        }
        List<String> forms = new ArrayList<>();
        spec.fieldNames().forEachRemaining(name -> {
            if (FORMS.contains(name)) {
                forms.add(name);
            } else {
                fail(
                        "/" + Violation.escape(name),
                        "'" + name + "' is not a transform; use inputPath, input," + " inputTransformer or jsonata.");
            }
        });
        if (forms.size() != 1) {
            return forms.isEmpty()
                    ? fail("", "A transform needs one of inputPath, input, inputTransformer or jsonata.")
                    : fail(
                            "/" + forms.get(1),
                            "A transform takes one form, not both " + forms.get(0) + " and " + forms.get(1) + ".");
        }
        JsonNode value = spec.get(forms.get(0));
        return switch (forms.get(0)) {
            case "inputPath" -> {
                JsonPath path = path(value, "/inputPath");
                yield path == null ? null : new Transform.Path(path);
            }
            case "input" -> new Transform.Constant(value.deepCopy());
            case "jsonata" -> jsonata(value);
            default -> template(value);
        };
    }

    private Transform jsonata(JsonNode value) {
        if (!value.isTextual()) {
            return fail("/jsonata", "'jsonata' takes the expression as a string.");
        }
        try {
            return new Transform.Jsonata(JsonataExpression.parse(value.textValue()));
        } catch (JsonataExpression.Failure e) {
            return fail("/jsonata", "Invalid JSONata: " + e.getMessage());
        }
    }

    private Transform template(JsonNode value) {
        if (!value.isObject()) {
            return fail(
                    "/inputTransformer",
                    "'inputTransformer' takes {\"inputPathsMap\": {...}, \"inputTemplate\": \"...\"}.");
        }
        value.fieldNames().forEachRemaining(name -> {
            if (!name.equals("inputPathsMap") && !name.equals("inputTemplate")) {
                fail(
                        "/inputTransformer/" + Violation.escape(name),
                        "'" + name + "' is not part of an input transformer.");
            }
        });
        Map<String, JsonPath> paths = paths(value.get("inputPathsMap"));
        JsonNode text = value.get("inputTemplate");
        if (text == null || !text.isTextual()) {
            return fail("/inputTransformer/inputTemplate", "An input transformer needs an 'inputTemplate' string.");
        }
        if (text.textValue().isEmpty() || text.textValue().length() > InputTemplate.MAX_LENGTH) {
            return fail(
                    "/inputTransformer/inputTemplate",
                    "The template must be 1 to " + InputTemplate.MAX_LENGTH + " characters.");
        }
        if (paths == null) {
            return null;
        }
        Set<String> variables = new java.util.HashSet<>(paths.keySet());
        variables.addAll(Set.of(Transform.RULE_NAME, Transform.BUS_NAME, Transform.EVENT, Transform.INGESTION_TIME));
        List<String> problems = InputTemplate.problems(text.textValue(), variables);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> fail("/inputTransformer/inputTemplate", problem));
            return null;
        }
        return new Transform.Template(paths, InputTemplate.parse(text.textValue(), variables));
    }

    private Map<String, JsonPath> paths(JsonNode map) {
        Map<String, JsonPath> paths = new LinkedHashMap<>();
        if (map == null) {
            return paths;
        }
        String at = "/inputTransformer/inputPathsMap";
        if (!map.isObject()) {
            fail(at, "'inputPathsMap' maps variable names to JSON paths, e.g. {\"id\": \"$.data.id\"}.");
            return null;
        }
        if (map.size() > MAX_VARIABLES) {
            fail(at, "An input transformer takes at most " + MAX_VARIABLES + " variables.");
        }
        int before = violations.size();
        map.properties().forEach(entry -> {
            String where = at + "/" + Violation.escape(entry.getKey());
            if (!VARIABLE.matcher(entry.getKey()).matches()) {
                fail(where, "A variable name is 1 to 256 of A-Z, a-z, 0-9, '_' and '-'.");
                return;
            }
            JsonPath path = path(entry.getValue(), where);
            if (path != null) {
                paths.put(entry.getKey(), path);
            }
        });
        return violations.size() == before ? paths : null;
    }

    private JsonPath path(JsonNode value, String at) {
        if (value == null || !value.isTextual()) {
            fail(at, "A JSON path is a string such as \"$.data.id\".");
            return null;
        }
        try {
            return JsonPath.parse(value.textValue());
        } catch (JsonPath.Invalid e) {
            fail(at, "Invalid JSON path: " + e.getMessage() + ".");
            return null;
        }
    }

    private Transform fail(String pointer, String message) {
        violations.add(new Violation(pointer, message));
        return null;
    }
}
