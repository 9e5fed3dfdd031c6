package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document as YAML reads it: an unquoted comma in a flow-style description
 * ({@code { description: 0 when none (timeout, refused) }}) silently cuts the text and adds a
 * member named after the rest with a null value, which no OpenAPI keyword has.
 */
class OpenApiDocumentTest {

    @Test
    void noDescriptionIsCutIntoANullMember() throws Exception {
        JsonNode spec;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("signalbox/openapi.yaml")) {
            assertNotNull(in, "the contract is on the class path");
            spec = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<String> cut = new ArrayList<>();
        collect(spec, "", cut);
        assertEquals(List.of(), cut, "members whose name is a sentence fragment and whose value is null");
    }

    private static void collect(JsonNode node, String at, List<String> cut) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String here = at + "/" + member.getKey();
                if (member.getValue().isNull() && member.getKey().contains(" ")) {
                    cut.add(here);
                }
                collect(member.getValue(), here, cut);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, cut);
            }
        }
    }
}
