package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.rules.EventPattern;
import dev.signalbox.storage.FlushMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads bus and rule definitions from their JSON form (API bodies and stored documents) and
 * writes them back. Reading reports every problem of a body at once, each with the JSON Pointer
 * of the offending member, so a client fixes its request in one round trip. Stateless.
 */
public final class DefinitionJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> BUS_FIELDS = Set.of(
            "description", "flush", "schemaEnforcement", "registry", "deduplication", "deduplicationWindowSeconds");
    private static final Set<String> RULE_FIELDS = Set.of("description", "state", "pattern", "targets");
    private static final Set<String> TARGET_FIELDS =
            Set.of("id", "type", "url", "retryPolicy", "transform", "deadLetter");
    private static final int MAX_TARGETS = 5;
    private static final int MAX_DESCRIPTION = 512;
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
        if (!enforcement.equals("off")) {
            violations.add(
                    new Violation(
                            "/schemaEnforcement",
                            "only \"off\" is supported in this version; \"flag\" and \"reject\" come with the schema registry"));
        }
        Optional<String> registry = optionalText(object, "registry", "", violations);
        Optional<Duration> dedup = readDeduplication(object, violations);
        if (!violations.isEmpty()) {
            throw invalid("The bus definition has " + violations.size() + " problem(s).", violations);
        }
        return new BusDefinition(name, description, mode, enforcement, registry, dedup, topic, now);
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
        return mode.equals("on") ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    }

    /** A rule from a {@code PUT /v1/buses/{bus}/rules/{rule}} body. */
    public static RuleDefinition readRule(String bus, String name, JsonNode body, Instant now) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode object = requireObject(body, violations);
        if (object == null) {
            throw invalid("The rule definition must be a JSON object.", violations);
        }
        unknownFields(object, RULE_FIELDS, "", violations);
        Optional<String> description = readDescription(object, violations);
        String state = optionalText(object, "state", "", violations).orElse("enabled");
        if (!state.equals("enabled") && !state.equals("disabled")) {
            violations.add(new Violation("/state", "must be \"enabled\" or \"disabled\", not \"" + state + "\""));
        }
        List<TargetDefinition> targets = readTargets(object.get("targets"), violations);
        EventPattern pattern = readPattern(object.get("pattern"), violations);
        if (!violations.isEmpty()) {
            // pattern.invalid is for a pattern that is there but wrong; a missing one, or other
            // problems besides, make the request itself invalid.
            boolean isOnlyPattern = object.hasNonNull("pattern")
                    && violations.stream().allMatch(v -> v.pointer().startsWith("/pattern"));
            ErrorType type = isOnlyPattern ? ErrorType.PATTERN_INVALID : ErrorType.REQUEST_INVALID;
            throw new SignalboxException(
                    type, "The rule definition has " + violations.size() + " problem(s).", violations);
        }
        return new RuleDefinition(name, bus, description, state.equals("enabled"), pattern, targets, now);
    }

    private static Optional<String> readDescription(ObjectNode object, List<Violation> violations) {
        Optional<String> description =
                optionalText(object, "description", "", violations).filter(d -> !d.isEmpty());
        if (description.isPresent() && description.get().length() > MAX_DESCRIPTION) {
            violations.add(new Violation("/description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        return description;
    }

    private static EventPattern readPattern(JsonNode node, List<Violation> violations) {
        if (node == null || node.isNull()) {
            violations.add(new Violation("/pattern", "is required"));
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

    private static List<TargetDefinition> readTargets(JsonNode node, List<Violation> violations) {
        List<TargetDefinition> targets = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_TARGETS) {
            violations.add(new Violation("/targets", "must be an array of 1 to " + MAX_TARGETS + " targets"));
            return targets;
        }
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "/targets/" + i;
            TargetDefinition target = readTarget(node.get(i), at, violations);
            if (target != null && !ids.add(target.id())) {
                violations.add(new Violation(at + "/id", "duplicates the id of another target"));
            }
            if (target != null) {
                targets.add(target);
            }
        }
        return targets;
    }

    private static TargetDefinition readTarget(JsonNode node, String at, List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation(at, "must be an object"));
            return null;
        }
        int before = violations.size();
        unknownFields((ObjectNode) node, TARGET_FIELDS, at, violations);
        for (String reserved : List.of("transform", "deadLetter")) {
            if (node.has(reserved)) {
                violations.add(new Violation(at + "/" + reserved, "is not supported yet in this version"));
            }
        }
        String id = requiredText(node, "id", at, violations);
        if (id != null && !Names.isValid(id)) {
            violations.add(new Violation(at + "/id", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        String type = requiredText(node, "type", at, violations);
        if (type != null && !type.equals(TargetDefinition.WEBHOOK)) {
            violations.add(new Violation(at + "/type", "must be \"webhook\"; other target types come later"));
        }
        URI url = readUrl(requiredText(node, "url", at, violations), at + "/url", violations);
        RetryPolicy retry = readRetryPolicy(node.get("retryPolicy"), at + "/retryPolicy", violations);
        return violations.size() == before ? new TargetDefinition(id, type, url, retry) : null;
    }

    private static URI readUrl(String text, String at, List<Violation> violations) {
        if (text == null) {
            return null;
        }
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                violations.add(new Violation(at, "must be an http or https URL"));
            } else if (url.getHost() == null || url.getHost().isEmpty()) {
                violations.add(new Violation(at, "must name a host"));
            } else if (url.getRawUserInfo() != null) {
                violations.add(new Violation(at, "must not carry credentials; connections will hold them"));
            }
            return url;
        } catch (URISyntaxException e) {
            violations.add(new Violation(at, "is not a valid URL: " + e.getReason()));
            return null;
        }
    }

    private static RetryPolicy readRetryPolicy(JsonNode node, String at, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return RetryPolicy.DEFAULT;
        }
        if (!node.isObject()) {
            violations.add(new Violation(at, "must be an object"));
            return RetryPolicy.DEFAULT;
        }
        unknownFields((ObjectNode) node, Set.of("maxAttempts", "maxEventAgeSeconds"), at, violations);
        int attempts =
                intIn(node, "maxAttempts", 0, RetryPolicy.MAX_ATTEMPTS, RetryPolicy.MAX_ATTEMPTS, at, violations);
        int age = intIn(
                node,
                "maxEventAgeSeconds",
                RetryPolicy.MIN_EVENT_AGE_SECONDS,
                RetryPolicy.MAX_EVENT_AGE_SECONDS,
                RetryPolicy.MAX_EVENT_AGE_SECONDS,
                at,
                violations);
        return new RetryPolicy(attempts, age);
    }

    private static int intIn(
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

    private static void unknownFields(ObjectNode object, Set<String> known, String at, List<Violation> violations) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(at + "/" + pointerEscape(name), "is not a known field"));
            }
        }
    }

    private static Optional<String> optionalText(JsonNode object, String field, String at, List<Violation> out) {
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

    private static String requiredText(JsonNode object, String field, String at, List<Violation> out) {
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
        json.put("deduplication", bus.deduplicationWindow().isPresent() ? "on" : "off");
        bus.deduplicationWindow().ifPresent(w -> json.put("deduplicationWindowSeconds", w.toSeconds()));
        json.put("createdAt", bus.createdAt().toString());
        return json;
    }

    /** The API form of a rule. */
    public static ObjectNode write(RuleDefinition rule) {
        ObjectNode json = NODES.objectNode().put("name", rule.name()).put("bus", rule.bus());
        json.put("description", rule.description().orElse(""));
        json.put("state", rule.isEnabled() ? "enabled" : "disabled");
        json.set("pattern", rule.patternJson().deepCopy());
        ArrayNode targets = json.putArray("targets");
        for (TargetDefinition target : rule.targets()) {
            ObjectNode t = targets.addObject()
                    .put("id", target.id())
                    .put("type", target.type())
                    .put("url", target.url().toString());
            t.putObject("retryPolicy")
                    .put("maxAttempts", target.retryPolicy().maxAttempts())
                    .put("maxEventAgeSeconds", target.retryPolicy().maxEventAgeSeconds());
        }
        json.put("createdAt", rule.createdAt().toString());
        return json;
    }
}
