package dev.signalbox.gateway.bus;

import static dev.signalbox.gateway.bus.DefinitionJson.intIn;
import static dev.signalbox.gateway.bus.DefinitionJson.requiredText;
import static dev.signalbox.gateway.bus.DefinitionJson.unknownFields;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Set;

/**
 * Reads the {@code targets} of a rule body and writes them back. Like {@link DefinitionJson}, it
 * reports every problem at once with the JSON Pointer of the offending member, so a bad
 * transform is refused when the rule is created, never found at delivery. Stateless.
 */
final class TargetJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TARGET_FIELDS =
            Set.of("id", "type", "url", "retryPolicy", "transform", "deadLetter");
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
        if (node.has("deadLetter")) {
            violations.add(new Violation(at + "/deadLetter", "is not supported yet in this version"));
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
        InputTransform transform = readTransform(node.get("transform"), at + "/transform", violations);
        return violations.size() == before ? new TargetDefinition(id, type, url, retry, transform) : null;
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

    /** The API form of a target. */
    static ObjectNode write(TargetDefinition target) {
        ObjectNode json = NODES.objectNode()
                .put("id", target.id())
                .put("type", target.type())
                .put("url", target.url().toString());
        json.putObject("retryPolicy")
                .put("maxAttempts", target.retryPolicy().maxAttempts())
                .put("maxEventAgeSeconds", target.retryPolicy().maxEventAgeSeconds());
        if (!target.transform().isOriginal()) {
            json.set("transform", target.transform().json());
        }
        return json;
    }
}
