package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.rules.CesqlFilter;
import dev.signalbox.rules.EventPattern;
import dev.signalbox.storage.FlushMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads bus and rule definitions from their JSON form (API bodies and stored documents) and
 * writes them back. Reading reports every problem of a body at once, each with the JSON Pointer
 * of the offending member, so a client fixes its request in one round trip. Stateless.
 */
public final class DefinitionJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // name and createdAt are the server's (a bus's GET form has them), so that form can be put
    // back unchanged: name must match the path, createdAt is ignored, as for rules.
    private static final Set<String> BUS_FIELDS = Set.of(
            "name",
            "createdAt",
            "description",
            "flush",
            "schemaEnforcement",
            "registry",
            "schemas",
            "discovery",
            "deduplication",
            "deduplicationWindowSeconds",
            "limits");
    private static final Set<String> ENFORCEMENT = Set.of("off", "flag", "reject");
    // name, bus and createdAt are the server's (a rule's GET form has them), so that form can be
    // put back unchanged: name and bus must match the path, createdAt is ignored.
    private static final Set<String> RULE_FIELDS =
            Set.of("description", "state", "pattern", "filter", "targets", "name", "bus", "createdAt");
    private static final int MAX_DESCRIPTION = 512;
    private static final int MAX_CESQL = 4096;
    /**
     * The most values (strings, numbers, booleans, nulls, operators' arguments) a rule's pattern
     * may hold: EventBridge bounds a pattern at 2,048 characters (4,096 on request), so no pattern
     * of its holds more than this. The bound also keeps a rule's put into its bus's index (on a
     * worker, at a cost that grows with the values: 40,000 took over a second) from holding up the
     * bus's other rule changes for long.
     */
    static final int MAX_PATTERN_VALUES = 4096;

    private static final int DEFAULT_DEDUP_WINDOW_SECONDS = 300;
    private static final int MAX_DEDUP_WINDOW_SECONDS = 86_400;

    private DefinitionJson() {}

    /** A bus from a {@code PUT /v1/buses/{bus}} body. */
    public static BusDefinition readBus(String name, JsonNode body, String topic, Instant now) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode object = requireObject(body, violations);
        if (object == null) {
            throw invalid("The bus definition must be a JSON object.", violations);
        }
        unknownFields(object, BUS_FIELDS, "", violations);
        matchesPath(object, "name", name, violations);
        Optional<String> description = readDescription(object, violations);
        String flush = optionalText(object, "flush", "", violations).orElse("async");
        FlushMode mode =
                switch (flush) {
                    case "async" -> FlushMode.ASYNC;
                    case "sync" -> FlushMode.SYNC;
                    default -> {
                        violations.add(new Violation("/flush", "must be \"async\" or \"sync\", not \"" + flush + "\""));
                        yield FlushMode.ASYNC;
                    }
                };
        String enforcement =
                optionalText(object, "schemaEnforcement", "", violations).orElse("off");
        if (!ENFORCEMENT.contains(enforcement)) {
            violations.add(new Violation(
                    "/schemaEnforcement", "must be \"off\", \"flag\" or \"reject\", not \"" + enforcement + "\""));
        }
        Optional<String> registry = optionalText(object, "registry", "", violations);
        BusSchemas schemas = BusSchemaJson.read(object, violations);
        if (registry.isEmpty()
                && (!enforcement.equals("off")
                        || schemas.isDiscovering()
                        || !schemas.mappings().isEmpty())) {
            violations.add(new Violation(
                    "/registry",
                    "is required when schemaEnforcement is \"flag\" or \"reject\", discovery is on or schemas are"
                            + " mapped"));
        }
        Optional<Duration> dedup = readDeduplication(object, violations);
        BusLimits limits = LimitsJson.read(object, violations);
        if (!violations.isEmpty()) {
            throw invalid("The bus definition has " + violations.size() + " problem(s).", violations);
        }
        return new BusDefinition(name, description, mode, enforcement, registry, dedup, topic, now, schemas, limits);
    }

    private static Optional<Duration> readDeduplication(ObjectNode object, List<Violation> violations) {
        String mode = optionalText(object, "deduplication", "", violations).orElse("off");
        if (!mode.equals("on") && !mode.equals("off")) {
            violations.add(new Violation("/deduplication", "must be \"on\" or \"off\", not \"" + mode + "\""));
        }
        int seconds = intIn(
                object,
                "deduplicationWindowSeconds",
                1,
                MAX_DEDUP_WINDOW_SECONDS,
                DEFAULT_DEDUP_WINDOW_SECONDS,
                "",
                violations);
        if (mode.equals("off") && object.hasNonNull("deduplicationWindowSeconds")) {
            // Dropping it silently would leave the caller believing repeats are caught.
            violations.add(
                    new Violation("/deduplicationWindowSeconds", "is only taken with \"deduplication\": \"on\""));
        }
        return mode.equals("on") ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    }

    /** A rule from a {@code PUT /v1/buses/{bus}/rules/{rule}} body. */
    public static RuleDefinition readRule(String bus, String name, JsonNode body, Instant now) {
        return readRule(bus, name, body, now, true);
    }

    /**
     * A rule as the catalog stored it: read as {@link #readRule} reads a new one, but without the
     * pattern-size bound, so a rule accepted before the bound existed still loads.
     */
    static RuleDefinition readStoredRule(String bus, String name, JsonNode body, Instant created) {
        return readRule(bus, name, body, created, false);
    }

    private static RuleDefinition readRule(String bus, String name, JsonNode body, Instant now, boolean bounded) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode object = requireObject(body, violations);
        if (object == null) {
            throw invalid("The rule definition must be a JSON object.", violations);
        }
        unknownFields(object, RULE_FIELDS, "", violations);
        matchesPath(object, "name", name, violations);
        matchesPath(object, "bus", bus, violations);
        Optional<String> description = readDescription(object, violations);
        String state = optionalText(object, "state", "", violations).orElse("enabled");
        if (!state.equals("enabled") && !state.equals("disabled")) {
            violations.add(new Violation("/state", "must be \"enabled\" or \"disabled\", not \"" + state + "\""));
        }
        List<TargetDefinition> targets = TargetJson.readTargets(object.get("targets"), violations);
        RuleCondition condition = readCondition(object, violations, bounded);
        if (!violations.isEmpty()) {
            throw new SignalboxException(
                    ruleProblem(object, violations),
                    "The rule definition has " + violations.size() + " problem(s).",
                    violations);
        }
        return new RuleDefinition(name, bus, description, state.equals("enabled"), condition, targets, now);
    }

    /** A read-only member that names what the path names: when given, it must be the same. */
    private static void matchesPath(ObjectNode object, String field, String inPath, List<Violation> violations) {
        optionalText(object, field, "", violations)
                .filter(given -> !given.equals(inPath))
                .ifPresent(given -> violations.add(new Violation(
                        "/" + field,
                        "must be \"" + inPath + "\" as in the path (or left out), not \"" + given + "\"")));
    }

    /**
     * pattern.invalid is for a pattern or filter that is there but wrong, transform.invalid for
     * transforms that are there but wrong; a missing condition, or problems of several kinds,
     * make the request itself invalid.
     */
    private static ErrorType ruleProblem(ObjectNode object, List<Violation> violations) {
        boolean hasCondition = object.hasNonNull("pattern") || object.hasNonNull("filter");
        if (hasCondition && violations.stream().allMatch(v -> isUnder(v, "/pattern") || isUnder(v, "/filter"))) {
            return ErrorType.PATTERN_INVALID;
        }
        if (violations.stream().allMatch(v -> v.pointer().matches("/targets/\\d+/transform(/.*)?"))) {
            return ErrorType.TRANSFORM_INVALID;
        }
        return ErrorType.REQUEST_INVALID;
    }

    private static boolean isUnder(Violation violation, String pointer) {
        return violation.pointer().equals(pointer) || violation.pointer().startsWith(pointer + "/");
    }

    /** The rule's pattern or CloudEvents SQL filter: exactly one of the two. */
    private static RuleCondition readCondition(ObjectNode object, List<Violation> violations, boolean bounded) {
        boolean hasPattern = object.hasNonNull("pattern");
        boolean hasFilter = object.hasNonNull("filter");
        if (hasPattern && hasFilter) {
            violations.add(new Violation("/filter", "a rule has a pattern or a filter, not both"));
            return null;
        }
        if (hasFilter) {
            return readFilter(object.get("filter"), violations);
        }
        EventPattern pattern = readPattern(object.get("pattern"), violations, bounded);
        return pattern == null ? null : new RuleCondition.Pattern(pattern);
    }

    /**
     * A rule's {@code filter} object on its own ({@code {"cesql": "..."}}), as the pattern tester
     * takes it; violations point from {@code /filter}, as in a rule.
     *
     * @throws SignalboxException {@code PATTERN_INVALID} with every violation
     */
    public static CesqlFilter readFilter(JsonNode node) {
        List<Violation> violations = new ArrayList<>();
        RuleCondition condition = readFilter(node, violations);
        if (!violations.isEmpty()) {
            throw new SignalboxException(
                    ErrorType.PATTERN_INVALID,
                    "The filter is invalid: " + violations.get(0).message(),
                    violations);
        }
        return ((RuleCondition.Filter) condition).filter();
    }

    private static RuleCondition readFilter(JsonNode node, List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation("/filter", "must be an object such as {\"cesql\": \"type = 'x'\"}"));
            return null;
        }
        unknownFields((ObjectNode) node, Set.of("cesql"), "/filter", violations);
        String expression = requiredText(node, "cesql", "/filter", violations);
        if (expression == null) {
            return null;
        }
        if (expression.isBlank() || expression.length() > MAX_CESQL) {
            violations.add(new Violation("/filter/cesql", "must be 1 to " + MAX_CESQL + " characters"));
            return null;
        }
        try {
            return new RuleCondition.Filter(CesqlFilter.parse(expression));
        } catch (SignalboxException e) {
            violations.add(new Violation("/filter/cesql", e.detail()));
            return null;
        }
    }

    private static Optional<String> readDescription(ObjectNode object, List<Violation> violations) {
        Optional<String> description =
                optionalText(object, "description", "", violations).filter(d -> !d.isEmpty());
        if (description.isPresent() && description.get().length() > MAX_DESCRIPTION) {
            violations.add(new Violation("/description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        return description;
    }

    private static EventPattern readPattern(JsonNode node, List<Violation> violations, boolean bounded) {
        if (node == null || node.isNull()) {
            violations.add(new Violation("/pattern", "is required (or a filter: {\"cesql\": ...})"));
            return null;
        }
        if (bounded && valuesOver(node, MAX_PATTERN_VALUES)) {
            violations.add(new Violation(
                    "/pattern",
                    "holds more than " + MAX_PATTERN_VALUES
                            + " values; a rule's pattern may hold at most that many (spread a longer list"
                            + " over several rules)"));
            return null;
        }
        try {
            return EventPattern.parse(node);
        } catch (SignalboxException e) {
            if (e.violations().isEmpty()) {
                violations.add(new Violation("/pattern", e.detail()));
            }
            e.violations().forEach(v -> violations.add(new Violation("/pattern" + v.pointer(), v.message())));
            return null;
        }
    }

    /** Whether the JSON holds more than {@code max} values, counted until it does. */
    private static boolean valuesOver(JsonNode node, int max) {
        java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();
        pending.push(node);
        int values = 0;
        while (!pending.isEmpty()) {
            JsonNode next = pending.pop();
            if (next.isContainerNode()) {
                next.forEach(pending::push);
            } else if (++values > max) {
                return true;
            }
        }
        return false;
    }

    static int intIn(
            JsonNode node, String field, int min, int max, int fallback, String at, List<Violation> violations) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            violations.add(new Violation(at + "/" + field, "must be an integer from " + min + " to " + max));
            return fallback;
        }
        return value.asInt();
    }

    private static ObjectNode requireObject(JsonNode body, List<Violation> violations) {
        if (body == null || !body.isObject()) {
            violations.add(new Violation("", "must be a JSON object"));
            return null;
        }
        return (ObjectNode) body;
    }

    static void unknownFields(ObjectNode object, Set<String> known, String at, List<Violation> violations) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(at + "/" + pointerEscape(name), "is not a known field"));
            }
        }
    }

    static Optional<String> optionalText(JsonNode object, String field, String at, List<Violation> out) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            out.add(new Violation(at + "/" + field, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    static String requiredText(JsonNode object, String field, String at, List<Violation> out) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            out.add(new Violation(at + "/" + field, "is required"));
            return null;
        }
        return optionalText(object, field, at, out).orElse(null);
    }

    static String pointerEscape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static SignalboxException invalid(String detail, List<Violation> violations) {
        return new SignalboxException(ErrorType.REQUEST_INVALID, detail, violations);
    }

    /** The API form of a bus. */
    public static ObjectNode write(BusDefinition bus) {
        ObjectNode json = NODES.objectNode().put("name", bus.name());
        json.put("description", bus.description().orElse(""));
        json.put("flush", bus.flush() == FlushMode.SYNC ? "sync" : "async");
        json.put("schemaEnforcement", bus.schemaEnforcement());
        bus.registry().ifPresent(r -> json.put("registry", r));
        BusSchemaJson.write(bus.schemas(), json);
        json.put("deduplication", bus.deduplicationWindow().isPresent() ? "on" : "off");
        bus.deduplicationWindow().ifPresent(w -> json.put("deduplicationWindowSeconds", w.toSeconds()));
        LimitsJson.write(bus.limits(), json);
        json.put("createdAt", bus.createdAt().toString());
        return json;
    }

    /** The API form of a rule. */
    public static ObjectNode write(RuleDefinition rule) {
        ObjectNode json = NODES.objectNode().put("name", rule.name()).put("bus", rule.bus());
        json.put("description", rule.description().orElse(""));
        json.put("state", rule.isEnabled() ? "enabled" : "disabled");
        if (rule.condition() instanceof RuleCondition.Filter filter) {
            json.putObject("filter").put("cesql", filter.filter().expression());
        } else if (rule.condition() instanceof RuleCondition.Pattern pattern) {
            json.set("pattern", pattern.pattern().json().deepCopy());
        }
        ArrayNode targets = json.putArray("targets");
        rule.targets().forEach(target -> targets.add(TargetJson.write(target)));
        json.put("createdAt", rule.createdAt().toString());
        return json;
    }
}
