package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The query parameters of list and filter calls are checked: a negative, non-numeric, empty or
 * out-of-range value answers 400 {@code request.invalid} with an {@code errors[]} entry whose
 * pointer names the parameter, and the values at the edges of the range are accepted.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryParametersIT {

    private static final String SCHEMA = "/v1/registries/shop/schemas/order";

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/buses/orders", "{}").status());
        assertEquals(
                201,
                api.put("/v1/registries/shop", "{\"compatibility\":\"NONE\"}").status());
        for (String property : List.of("a", "b")) {
            String version =
                    "{\"schema\":{\"type\":\"object\",\"properties\":{\"" + property + "\":{\"type\":\"string\"}}}}";
            Api.Response posted = api.post(
                    SCHEMA + "/versions", "application/json", version.getBytes(StandardCharsets.UTF_8), Map.of());
            assertEquals(201, posted.status(), posted.text());
        }
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/buses/orders/dead-letters?after=-5 | /after",
                "/v1/buses/orders/dead-letters?after=abc | /after",
                "/v1/buses/orders/dead-letters?after= | /after",
                "/v1/buses/orders/dead-letters?after=99999999999999999999 | /after",
                "/v1/buses/orders/dead-letters?limit=0 | /limit",
                "/v1/buses/orders/dead-letters?limit=-1 | /limit",
                "/v1/buses/orders/dead-letters?limit=1001 | /limit",
                "/v1/buses/orders/dead-letters?limit=ten | /limit",
                "/v1/buses/orders/dead-letters?rule=a%20b | /rule",
                "/v1/buses/orders/dead-letters?target=a%2Fb | /target",
                "/v1/buses/orders/dead-letters?reason=tired | /reason",
                "/v1/buses/orders/dead-letters?after=-1&limit=0 | /after /limit",
                "/v1/registries/shop/schemas/order/diff?from=0 | /from",
                "/v1/registries/shop/schemas/order/diff?from=-1 | /from",
                "/v1/registries/shop/schemas/order/diff?to=3 | /to",
                "/v1/registries/shop/schemas/order/diff?from=x&to=9 | /from /to",
            })
    void aBadParameterIsNamed(String path, String pointers) {
        Api.Response response = api.get(path);
        assertEquals(400, response.status(), path + ": " + response.text());
        assertEquals("application/problem+json", response.contentType());
        assertEquals("request.invalid", response.json().get("code").asText());
        Set<String> named = new TreeSet<>();
        for (JsonNode error : response.json().get("errors")) {
            named.add(error.get("pointer").asText());
        }
        assertEquals(new TreeSet<>(List.of(pointers.split(" "))), named, response.text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/v1/buses/orders/dead-letters?after=0&limit=1",
        "/v1/buses/orders/dead-letters?after=9223372036854775807&limit=1000",
        "/v1/buses/orders/dead-letters?rule=gold&target=crm.v2&reason=gone",
        "/v1/registries/shop/schemas/order/diff?from=1&to=2",
        "/v1/registries/shop/schemas/order/diff",
    })
    void valuesInRangeAreAccepted(String path) {
        Api.Response response = api.get(path);
        assertEquals(200, response.status(), path + ": " + response.text());
    }

    @ParameterizedTest(name = "explain={0}")
    @CsvSource({"maybe, 400", "1, 400", "true, 200", "false, 200"})
    void explainIsTrueOrFalse(String explain, int status) {
        byte[] body = "{\"pattern\":{\"type\":[\"t\"]},\"event\":{\"type\":\"u\"}}".getBytes(StandardCharsets.UTF_8);
        Api.Response response =
                api.post("/v1/test-event-pattern?explain=" + explain, "application/json", body, Map.of());
        assertEquals(status, response.status(), response.text());
        if (status == 400) {
            assertEquals("/explain", response.json().at("/errors/0/pointer").asText(), response.text());
        }
    }
}
