package dev.signalbox.gateway.bus;

import static dev.signalbox.gateway.bus.DefinitionJson.unknownFields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.connectors.limits.BreakerSettings;
import dev.signalbox.connectors.signing.SigningSecret;
import dev.signalbox.connectors.webhook.BatchLimits;
import dev.signalbox.connectors.webhook.DeliveryMode;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.TargetDelivery.Limits;
import dev.signalbox.gateway.bus.TargetDelivery.Signing;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads and writes the delivery members of a target: {@code deliveryMode}, {@code batch},
 * {@code limits}, {@code connection}, {@code signing} and {@code validation}. Every bad value is
 * reported with its JSON Pointer. Signing secrets are written as {@code "whsec_****"} in the
 * API form and sealed in the stored form; they never leave the node in clear, except once: the
 * answer to the request that made a generated one ({@link #revealGenerated}). Stateless.
 */
public final class DeliveryJson {

    static final Set<String> FIELDS = Set.of("deliveryMode", "batch", "limits", "connection", "signing", "validation");
    static final String MASK = SigningSecret.PREFIX + "****";

    private DeliveryJson() {}

    static TargetDelivery read(JsonNode target, String at, List<Violation> violations) {
        String modeText = text(target, "deliveryMode", at, violations).orElse("binary");
        DeliveryMode mode =
                switch (modeText) {
                    case "binary" -> DeliveryMode.BINARY;
                    case "structured" -> DeliveryMode.STRUCTURED;
                    case "batched" -> DeliveryMode.BATCHED;
                    default -> {
                        violations.add(new Violation(
                                at + "/deliveryMode",
                                "must be \"binary\", \"structured\" or \"batched\", not \"" + modeText + "\""));
                        yield DeliveryMode.BINARY;
                    }
                };
        Optional<BatchLimits> batch = readBatch(target.get("batch"), at + "/batch", violations);
        if (batch.isPresent() && mode != DeliveryMode.BATCHED) {
            violations.add(new Violation(at + "/batch", "is only for \"deliveryMode\": \"batched\""));
        }
        Optional<Limits> limits = readLimits(target.get("limits"), at + "/limits", violations);
        Optional<String> connection = text(target, "connection", at, violations);
        if (connection.isPresent() && !Names.isValid(connection.get())) {
            violations.add(new Violation(at + "/connection", "must be a connection name"));
        }
        Optional<Signing> signing = readSigning(target.get("signing"), at + "/signing", violations);
        JsonNode validation = target.get("validation");
        if (validation != null && !validation.isNull() && !validation.isBoolean()) {
            violations.add(new Violation(at + "/validation", "must be true or false"));
        }
        boolean isValidated = validation != null && validation.asBoolean(false);
        return new TargetDelivery(mode, batch, limits, connection, signing, isValidated);
    }

    private static Optional<BatchLimits> readBatch(JsonNode node, String at, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!isObject(node, at, violations)) {
            return Optional.empty();
        }
        unknownFields((ObjectNode) node, Set.of("maxEvents", "maxBytes", "maxWaitMillis"), at, violations);
        BatchLimits d = BatchLimits.DEFAULTS;
        int events = (int) number(node, "maxEvents", 1, 10_000, d.maxEvents(), at, violations);
        int bytes = (int) number(node, "maxBytes", 1024, 16 << 20, d.maxBytes(), at, violations);
        long wait = (long) number(node, "maxWaitMillis", 0, 60_000, d.maxWait().toMillis(), at, violations);
        return Optional.of(new BatchLimits(events, bytes, Duration.ofMillis(wait)));
    }

    private static Optional<Limits> readLimits(JsonNode node, String at, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!isObject(node, at, violations)) {
            return Optional.empty();
        }
        unknownFields(
                (ObjectNode) node,
                Set.of("concurrency", "queue", "ratePerSecond", "timeoutMillis", "circuitBreaker"),
                at,
                violations);
        OptionalInt concurrency = optionalInt(node, "concurrency", 1, 1000, at, violations);
        OptionalInt queue = optionalInt(node, "queue", 0, 100_000, at, violations);
        OptionalDouble rate = OptionalDouble.empty();
        if (node.hasNonNull("ratePerSecond")) {
            JsonNode value = node.get("ratePerSecond");
            if (!value.isNumber() || !(value.doubleValue() >= 0.01) || value.doubleValue() > 100_000) {
                violations.add(new Violation(at + "/ratePerSecond", "must be a number from 0.01 to 100000"));
            } else {
                rate = OptionalDouble.of(value.doubleValue());
            }
        }
        OptionalInt timeout = optionalInt(node, "timeoutMillis", 100, 300_000, at, violations);
        Optional<BreakerSettings> breaker = readBreaker(node.get("circuitBreaker"), at + "/circuitBreaker", violations);
        return Optional.of(new Limits(
                concurrency,
                queue,
                rate,
                timeout.isPresent() ? Optional.of(Duration.ofMillis(timeout.getAsInt())) : Optional.empty(),
                breaker));
    }

    private static Optional<BreakerSettings> readBreaker(JsonNode node, String at, List<Violation> violations) {
        if (node == null || node.isNull() || (node.isBoolean() && !node.booleanValue())) {
            return Optional.empty();
        }
        if (node.isBoolean()) {
            return Optional.of(BreakerSettings.DEFAULTS);
        }
        if (!isObject(node, at, violations)) {
            return Optional.empty();
        }
        unknownFields(
                (ObjectNode) node,
                Set.of("consecutiveFailures", "failureRatio", "window", "openMillis"),
                at,
                violations);
        BreakerSettings d = BreakerSettings.DEFAULTS;
        int consecutive = (int) number(node, "consecutiveFailures", 1, 1000, d.consecutiveFailures(), at, violations);
        double ratio = d.failureRatio();
        if (node.hasNonNull("failureRatio")) {
            JsonNode value = node.get("failureRatio");
            if (!value.isNumber() || !(value.doubleValue() > 0) || value.doubleValue() > 1) {
                violations.add(new Violation(at + "/failureRatio", "must be a number above 0 and at most 1"));
            } else {
                ratio = value.doubleValue();
            }
        }
        int window = (int) number(node, "window", 1, 1000, d.window(), at, violations);
        long open =
                (long) number(node, "openMillis", 100, 3_600_000, d.openFor().toMillis(), at, violations);
        return Optional.of(new BreakerSettings(consecutive, ratio, window, Duration.ofMillis(open)));
    }

    private static Optional<Signing> readSigning(JsonNode node, String at, List<Violation> violations) {
        if (node == null || node.isNull() || (node.isBoolean() && !node.booleanValue())) {
            return Optional.empty();
        }
        if (node.isBoolean()) {
            return Optional.of(new Signing(SigningSecret.generate(), Optional.empty(), true));
        }
        if (!node.isObject()) {
            violations.add(new Violation(at, "must be true or {\"secret\": \"whsec_…\", \"previousSecret\"?: …}"));
            return Optional.empty();
        }
        unknownFields((ObjectNode) node, Set.of("secret", "previousSecret"), at, violations);
        Optional<SigningSecret> secret = secret(node, "secret", at, violations);
        if (!node.hasNonNull("secret")) {
            violations.add(new Violation(at + "/secret", "is required (or give \"signing\": true to have one made)"));
        }
        Optional<SigningSecret> previous = secret(node, "previousSecret", at, violations);
        return secret.map(s -> new Signing(s, previous, false));
    }

    private static Optional<SigningSecret> secret(JsonNode node, String field, String at, List<Violation> violations) {
        Optional<String> text = text(node, field, at, violations);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().equals(MASK)) {
            violations.add(new Violation(
                    at + "/" + field,
                    "is the masked form the API shows; it keeps a secret only where the rule already has a"
                            + " target with this id that signs with one"));
            return Optional.empty();
        }
        try {
            return Optional.of(SigningSecret.parse(text.get()));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(at + "/" + field, e.getMessage()));
            return Optional.empty();
        }
    }

    /** Adds the delivery members to a target's API form (secrets masked). */
    static void write(TargetDelivery delivery, ObjectNode json) {
        write(delivery, json, secret -> MASK);
    }

    /** Replaces the masked secrets of a target's form with what {@code seal} makes of them. */
    static void write(TargetDelivery delivery, ObjectNode json, UnaryOperator<String> seal) {
        if (delivery.mode() != DeliveryMode.BINARY) {
            json.put("deliveryMode", delivery.mode().name().toLowerCase(java.util.Locale.ROOT));
        }
        delivery.batch().ifPresent(b -> json.putObject("batch")
                .put("maxEvents", b.maxEvents())
                .put("maxBytes", b.maxBytes())
                .put("maxWaitMillis", b.maxWait().toMillis()));
        delivery.limits().ifPresent(l -> {
            ObjectNode limits = json.putObject("limits");
            l.concurrency().ifPresent(c -> limits.put("concurrency", c));
            l.queue().ifPresent(q -> limits.put("queue", q));
            l.ratePerSecond().ifPresent(r -> limits.put("ratePerSecond", r));
            l.timeout().ifPresent(t -> limits.put("timeoutMillis", t.toMillis()));
            l.breaker().ifPresent(b -> limits.putObject("circuitBreaker")
                    .put("consecutiveFailures", b.consecutiveFailures())
                    .put("failureRatio", b.failureRatio())
                    .put("window", b.window())
                    .put("openMillis", b.openFor().toMillis()));
        });
        delivery.connection().ifPresent(c -> json.put("connection", c));
        delivery.signing().ifPresent(s -> {
            ObjectNode signing = json.putObject("signing")
                    .put("secret", seal.apply(s.secret().text()));
            s.previous().ifPresent(p -> signing.put("previousSecret", seal.apply(p.text())));
        });
        if (delivery.isValidated()) {
            json.put("validation", true);
        }
    }

    /**
     * Shows, in the answer to the request that made them, the secrets generated for {@code
     * "signing": true} that the stored rule actually holds (an update keeps an existing secret,
     * which is then not shown again).
     */
    public static void revealGenerated(RuleDefinition input, RuleDefinition stored, ObjectNode answer) {
        for (int i = 0; i < stored.targets().size(); i++) {
            Optional<Signing> given = i < input.targets().size()
                    ? input.targets().get(i).delivery().signing()
                    : Optional.empty();
            Optional<Signing> kept = stored.targets().get(i).delivery().signing();
            if (given.isPresent()
                    && given.get().isGenerated()
                    && kept.isPresent()
                    && kept.get().secret().equals(given.get().secret())) {
                ((ObjectNode) answer.get("targets").get(i).get("signing"))
                        .put("secret", kept.get().secret().text());
            }
        }
    }

    /**
     * A rule body with each masked secret ({@code "whsec_****"}, as a rule's GET shows it)
     * replaced by the secret the existing target of the same id holds, so that the GET form put
     * back unchanged keeps the secrets. A mask with nothing to keep stays, and reading the body
     * then names it.
     */
    public static JsonNode unmasked(JsonNode body, Optional<RuleDefinition> existing) {
        if (existing.isEmpty() || !body.path("targets").isArray()) {
            return body;
        }
        JsonNode copy = body.deepCopy();
        for (JsonNode target : copy.get("targets")) {
            JsonNode signing = target.path("signing");
            Optional<Signing> kept = existing.get().targets().stream()
                    .filter(t -> t.id().equals(target.path("id").asText()))
                    .findFirst()
                    .flatMap(t -> t.delivery().signing());
            if (!signing.isObject() || kept.isEmpty()) {
                continue;
            }
            ObjectNode fields = (ObjectNode) signing;
            if (MASK.equals(fields.path("secret").asText())) {
                fields.put("secret", kept.get().secret().text());
            }
            if (MASK.equals(fields.path("previousSecret").asText())
                    && kept.get().previous().isPresent()) {
                fields.put("previousSecret", kept.get().previous().get().text());
            }
        }
        return copy;
    }

    /** Puts sealed secrets into a rule's written form, for storage. */
    static void seal(RuleDefinition rule, ObjectNode ruleJson, UnaryOperator<String> seal) {
        for (int i = 0; i < rule.targets().size(); i++) {
            TargetDelivery delivery = rule.targets().get(i).delivery();
            if (delivery.signing().isPresent()) {
                ObjectNode target = (ObjectNode) ruleJson.get("targets").get(i);
                target.remove("signing");
                write(
                        new TargetDelivery(
                                DeliveryMode.BINARY,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                delivery.signing(),
                                false),
                        target,
                        seal);
            }
        }
    }

    /** Opens the sealed secrets of a stored rule's form, so it reads as an API body would. */
    static void open(ObjectNode ruleJson, UnaryOperator<String> open) {
        JsonNode targets = ruleJson.get("targets");
        if (targets == null) {
            return;
        }
        for (JsonNode target : targets) {
            JsonNode signing = target.get("signing");
            if (signing != null && signing.isObject()) {
                for (String field : List.of("secret", "previousSecret")) {
                    if (signing.hasNonNull(field)) {
                        ((ObjectNode) signing)
                                .put(field, open.apply(signing.get(field).textValue()));
                    }
                }
            }
        }
    }

    private static boolean isObject(JsonNode node, String at, List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation(at, "must be an object"));
            return false;
        }
        return true;
    }

    private static Optional<String> text(JsonNode node, String field, String at, List<Violation> violations) {
        return DefinitionJson.optionalText(node, field, at, violations);
    }

    private static OptionalInt optionalInt(
            JsonNode node, String field, int min, int max, String at, List<Violation> violations) {
        if (!node.hasNonNull(field)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) number(node, field, min, max, min, at, violations));
    }

    private static long number(
            JsonNode node, String field, long min, long max, long fallback, String at, List<Violation> violations) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            violations.add(new Violation(at + "/" + field, "must be an integer from " + min + " to " + max));
            return fallback;
        }
        return value.asLong();
    }
}
