package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.gateway.auth.SecretBox;
import dev.signalbox.gateway.bus.BusState.ActiveRule;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The stored form: {"bus": {…, "topic"}, "rules": [{…}], "routeFrom": n}, where routeFrom is
 * the bus's route mark (absent in documents written before marks were stored: 0).
 *
 * <p>Stateless; {@link BusCatalog} calls it on a worker (a bus of many rules takes a while).
 */
final class CatalogDocument {

    private CatalogDocument() {}

    static ObjectNode write(BusDefinition bus, Collection<ActiveRule> rules, long routeFrom, SecretBox secrets) {
        ObjectNode doc = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        doc.set("bus", DefinitionJson.write(bus).put("topic", bus.topic()));
        ArrayNode array = doc.putArray("rules");
        rules.stream()
                .map(ActiveRule::definition)
                .sorted(java.util.Comparator.comparing(RuleDefinition::name))
                .forEach(r -> {
                    ObjectNode json = DefinitionJson.write(r);
                    DeliveryJson.seal(r, json, secrets::seal);
                    array.add(json);
                });
        doc.put("routeFrom", routeFrom);
        return doc;
    }

    /**
     * @param topicEnd the recovered end of a topic: a stored mark past it is held to it. The
     *     mark counts appends that were not yet on disk when it was taken; after a power loss
     *     recovery drops those, the offsets are used again by events posted after the rule, and
     *     a mark past the end would pass them unrouted.
     */
    static BusState read(
            JsonNode doc,
            Function<RuleDefinition, ActiveRule> activate,
            SecretBox secrets,
            NodeLimits limits,
            ToLongFunction<String> topicEnd) {
        ObjectNode busJson = ((ObjectNode) doc.get("bus")).deepCopy();
        String name = busJson.remove("name").textValue();
        String topic = busJson.remove("topic").textValue();
        Instant created = Instant.parse(busJson.remove("createdAt").textValue());
        BusDefinition bus = DefinitionJson.readBus(name, busJson, topic, created);
        Map<String, ActiveRule> rules = new HashMap<>();
        for (JsonNode stored : doc.get("rules")) {
            ObjectNode ruleJson = ((ObjectNode) stored).deepCopy();
            String ruleName = ruleJson.remove("name").textValue();
            ruleJson.remove("bus");
            Instant ruleCreated = Instant.parse(ruleJson.remove("createdAt").textValue());
            DeliveryJson.open(ruleJson, secrets::open);
            RuleDefinition rule = DefinitionJson.readStoredRule(name, ruleName, ruleJson, ruleCreated);
            rules.put(ruleName, activate.apply(withStoredStates(rule, ruleJson)));
        }
        return new BusState(
                bus,
                limits.resolve(bus.limits()),
                rules,
                Math.min(doc.path("routeFrom").asLong(0), topicEnd.applyAsLong(topic)));
    }

    /**
     * The input form reads a target's "disabled" as its rule's choice and ignores
     * disabledReason; in the stored form a disabledReason marks a target the node disabled.
     */
    private static RuleDefinition withStoredStates(RuleDefinition rule, JsonNode ruleJson) {
        for (JsonNode target : ruleJson.path("targets")) {
            if ("disabled".equals(target.path("state").asText()) && target.hasNonNull("disabledReason")) {
                String id = target.path("id").asText();
                String reason = target.path("disabledReason").asText("disabled");
                for (TargetDefinition t : rule.targets()) {
                    if (t.id().equals(id)) {
                        rule = rule.withTarget(t.disabled(reason));
                    }
                }
            }
        }
        return rule;
    }
}
