package dev.signalbox.gateway.bus;

import static dev.signalbox.gateway.bus.DefinitionJson.intIn;
import static dev.signalbox.gateway.bus.DefinitionJson.optionalText;
import static dev.signalbox.gateway.bus.DefinitionJson.requiredText;
import static dev.signalbox.gateway.bus.DefinitionJson.unknownFields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.rules.InputTransform;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code targets} of a rule body and writes them back. Like {@link DefinitionJson}, it
 * reports every problem at once with the JSON Pointer of the offending member, so a bad
 * transform is refused when the rule is created, never found at delivery. Stateless.
 */
final class TargetJson {

    private static final int MAX_PORT = 65535;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // "state" is the user's: "enabled" (the default, so putting a rule again re-enables a target
    // the node disabled after a 410 Gone) or "disabled". "disabledReason" is the node's, read-only:
    // accepted (a rule's GET form can be put back unchanged) and ignored.
    private static final Set<String> TARGET_FIELDS = union(
            Set.of(
                    "id",
                    "type",
                    "url",
                    "retryPolicy",
                    "transform",
                    "deadLetter",
                    "ordering",
                    "state",
                    "disabledReason"),
            DeliveryJson.FIELDS);
    private static final int MAX_TARGETS = 5;

    private TargetJson() {}

    static List<TargetDefinition> readTargets(JsonNode node, List<Violation> violations) {
        List<TargetDefinition> targets = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_TARGETS) {
            violations.add(new Violation("/targets", "must be an array of 1 to " + MAX_TARGETS + " targets"));
            return targets;
        }
        Set<String> ids = new HashSet<>();
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
        InputTransform transform = readTransform(node.get("transform"), at + "/transform", violations);
        DeadLetterPolicy deadLetter = readDeadLetter(node.get("deadLetter"), at + "/deadLetter", violations);
        Optional<OrderingKey> ordering = readOrdering(node.get("ordering"), at + "/ordering", violations);
        TargetDelivery delivery = DeliveryJson.read(node, at, violations);
        Optional<TargetDefinition.Disabled> state = readState(node, at, violations);
        return violations.size() == before
                ? new TargetDefinition(id, type, url, retry, transform, deadLetter, ordering, state, delivery)
                : null;
    }

    private static Optional<TargetDefinition.Disabled> readState(JsonNode node, String at, List<Violation> violations) {
        String state = optionalText(node, "state", at, violations).orElse("enabled");
        if (state.equals("disabled")) {
            return Optional.of(TargetDefinition.Disabled.BY_RULE);
        }
        if (!state.equals("enabled")) {
            violations.add(new Violation(at + "/state", "must be \"enabled\" or \"disabled\", not \"" + state + "\""));
        }
        return Optional.empty();
    }

    private static DeadLetterPolicy readDeadLetter(JsonNode node, String at, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return DeadLetterPolicy.BUS;
        }
        if (!node.isObject()) {
            violations.add(new Violation(at, "must be an object: {\"mode\": \"bus\" | \"none\"}"));
            return DeadLetterPolicy.BUS;
        }
        unknownFields((ObjectNode) node, Set.of("mode"), at, violations);
        String mode = optionalText(node, "mode", at, violations).orElse("bus");
        for (DeadLetterPolicy policy : DeadLetterPolicy.values()) {
            if (policy.wireName().equals(mode)) {
                return policy;
            }
        }
        violations.add(new Violation(at + "/mode", "must be \"bus\" or \"none\", not \"" + mode + "\""));
        return DeadLetterPolicy.BUS;
    }

    private static Optional<OrderingKey> readOrdering(JsonNode node, String at, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            violations.add(new Violation(at, "must be an object: {\"key\": \"subject\" | \"$.data.path\"}"));
            return Optional.empty();
        }
        unknownFields((ObjectNode) node, Set.of("key"), at, violations);
        String key = requiredText(node, "key", at, violations);
        if (key == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OrderingKey(key));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(at + "/key", e.getMessage()));
            return Optional.empty();
        }
    }

    private static InputTransform readTransform(JsonNode node, String at, List<Violation> violations) {
        try {
            return InputTransform.parse(node);
        } catch (SignalboxException e) {
            e.violations().forEach(v -> violations.add(new Violation(at + v.pointer(), v.message())));
            if (e.violations().isEmpty()) {
                violations.add(new Violation(at, e.detail()));
            }
            return InputTransform.original();
        }
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
            } else if (url.getPort() == 0 || url.getPort() > MAX_PORT) {
                // java.net.URI takes any number as a port; the HTTP client refuses it at every
                // delivery, which would retry a target that can never be reached.
                violations.add(
                        new Violation(at, "has the port " + url.getPort() + "; a port must be 1 to " + MAX_PORT));
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
        unknownFields(
                (ObjectNode) node, Set.of("maxAttempts", "maxEventAgeSeconds", "retryableStatuses"), at, violations);
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
        return new RetryPolicy(attempts, age, readStatuses(node.get("retryableStatuses"), at, violations));
    }

    private static Set<Integer> readStatuses(JsonNode node, String at, List<Violation> violations) {
        Set<Integer> statuses = new TreeSet<>();
        if (node == null || node.isNull()) {
            return statuses;
        }
        if (!node.isArray()) {
            violations.add(new Violation(at + "/retryableStatuses", "must be an array of 4xx statuses"));
            return statuses;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode status = node.get(i);
            if (!status.isIntegralNumber() || status.asInt() < 400 || status.asInt() > 499 || status.asInt() == 410) {
                violations.add(new Violation(
                        at + "/retryableStatuses/" + i,
                        "must be a 4xx status other than 410 (which disables the target)"));
            } else {
                statuses.add(status.asInt());
            }
        }
        return statuses;
    }

    /** The API form of a target. */
    static ObjectNode write(TargetDefinition target) {
        ObjectNode json = NODES.objectNode()
                .put("id", target.id())
                .put("type", target.type())
                .put("url", target.url().toString());
        ObjectNode retry = json.putObject("retryPolicy")
                .put("maxAttempts", target.retryPolicy().maxAttempts())
                .put("maxEventAgeSeconds", target.retryPolicy().maxEventAgeSeconds());
        if (!target.retryPolicy().retryableStatuses().isEmpty()) {
            ArrayNode statuses = retry.putArray("retryableStatuses");
            new TreeSet<>(target.retryPolicy().retryableStatuses()).forEach(statuses::add);
        }
        json.putObject("deadLetter").put("mode", target.deadLetter().wireName());
        target.ordering().ifPresent(o -> json.putObject("ordering").put("key", o.expression()));
        json.put("state", target.isEnabled() ? "enabled" : "disabled");
        // Only the node's reason is shown (and stored): it marks a target the node disabled.
        if (target.isGone()) {
            json.put("disabledReason", target.disabledReason().orElseThrow());
        }
        if (!target.transform().isOriginal()) {
            json.set("transform", target.transform().json());
        }
        DeliveryJson.write(target.delivery(), json);
        return json;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
