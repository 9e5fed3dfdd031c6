package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control-plane call whose body is over the node's request limit answers 413 {@code
 * request.too-large} naming the limit; only the events route speaks of events being too large.
 */
@ExtendWith(VertxExtension.class)
class ControlPlaneBodyIT {

    /** The test node's body limit: 1,000 entries of 256 KiB, divided by 64. */
    private static final int LIMIT = 4_096_000;

    @Test
    void anOversizedControlPlaneBodyIsARequestTooLarge(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/orders", "{}").status());
            String big = "{\"description\":\"" + "x".repeat(LIMIT + 1024) + "\"}";
            assertTooLarge(api.put("/v1/buses/orders/rules/big", big), "PUT /v1/buses/orders/rules/big");
            assertTooLarge(api.put("/v1/buses/orders", big), "PUT /v1/buses/orders");
            assertTooLarge(api.put("/v1/connections/c", big), "PUT /v1/connections/c");
            assertTooLarge(
                    api.post("/v1/registries/r/schemas/s/versions", "application/json", bytes(big), Map.of()),
                    "POST /v1/registries/r/schemas/s/versions");
            assertTooLarge(
                    api.post("/v1/buses/orders/dead-letters/redrive", "application/json", bytes(big), Map.of()),
                    "POST /v1/buses/orders/dead-letters/redrive");

            Api.Response event = api.postEvent(
                    "orders",
                    BinaryEvent.of("1", "text/plain", new byte[LIMIT + 1024])
                            .withSource("/s")
                            .withType("t"));
            assertEquals(413, event.status(), event.text());
            assertEquals("event.too-large", event.json().get("code").asText(), "events keep their own code");
            assertEquals(200, api.get("/v1/buses/orders").status(), "the node keeps serving");
        }
    }

    private static void assertTooLarge(Api.Response response, String call) {
        assertEquals(413, response.status(), call + ": " + response.text());
        assertEquals("application/problem+json", response.contentType(), call);
        assertEquals("request.too-large", response.json().get("code").asText(), call);
        assertEquals(
                "urn:signalbox:problem:request.too-large",
                response.json().get("type").asText(),
                call);
        String detail = response.json().get("detail").asText();
        assertTrue(detail.contains(String.valueOf(LIMIT)), call + ": the detail names the limit: " + detail);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
