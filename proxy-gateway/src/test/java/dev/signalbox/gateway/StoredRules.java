package dev.signalbox.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gives a stored bus many rules at once, written into its stored document as the node would have:
 * putting 100,000 rules through the API one by one would take far longer than any test may. Call
 * it on a node that is then stopped, and start a new node on the same directory to load them.
 */
final class StoredRules {

    private StoredRules() {}

    /** Adds copies of the bus's first stored rule to its stored document, named c0, c1, .... */
    static void storeCopies(TestNode node, String bus, int count) throws Exception {
        ObjectMapper json = new ObjectMapper();
        var documents = node.node().store().documents();
        ObjectNode doc = (ObjectNode) json.readTree(documents.get("buses", bus).orElseThrow());
        ArrayNode rules = (ArrayNode) doc.get("rules");
        ObjectNode first = (ObjectNode) rules.get(0);
        for (int i = 0; i < count; i++) {
            rules.add(first.deepCopy().put("name", "c" + i));
        }
        documents.put("buses", bus, json.writeValueAsBytes(doc));
    }
}
