package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signalbox.gateway.main.NodeConfig;
import dev.signalbox.gateway.main.SignalboxNode;
import dev.signalbox.gateway.router.RouterConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that does not allow private targets (the default outside development) refuses rules
 * whose targets are on loopback, private or link-local addresses, and connections whose OAuth
 * token endpoint is, each with the pointer of the offending URL.
 */
@ExtendWith(VertxExtension.class)
class PrivateTargetsIT {

    @Test
    void internalAddressesAreRefusedAndPublicOnesAccepted(Vertx vertx, @TempDir Path dir) throws Exception {
        NodeConfig config = new NodeConfig(
                dir,
                "127.0.0.1",
                0,
                0,
                Optional.of(TestNode.KEY),
                false,
                256 * 1024,
                1000,
                0,
                TestNode.SEGMENT_BYTES,
                8192,
                NodeConfig.RESIDENT_LOG_BYTES,
                Duration.ofSeconds(2),
                RouterConfig.DEFAULTS,
                Optional.empty(),
                NodeConfig.IDLE_TIMEOUT);
        SignalboxNode node = SignalboxNode.start(vertx, config).await(60, TimeUnit.SECONDS);
        try {
            Api api = new Api(node.port(), TestNode.KEY);
            assertEquals(201, api.put("/v1/buses/b", "{}").status());
            for (String url : List.of(
                    "http://127.0.0.1:9/hook",
                    "http://localhost:9/hook",
                    "http://[::1]:9/hook",
                    "http://10.1.2.3/hook",
                    "http://192.168.0.10/hook",
                    "http://169.254.169.254/latest/meta-data",
                    "http://100.64.0.1/hook")) {
                Api.Response response = api.put(
                        "/v1/buses/b/rules/r",
                        """
                        {"pattern": {"type": ["t"]},
                         "targets": [{"id": "t", "type": "webhook", "url": "%s"}]}"""
                                .formatted(url));
                assertEquals(400, response.status(), url + ": " + response.text());
                assertEquals("target.forbidden", response.json().get("code").textValue(), url);
                assertEquals(
                        "/targets/0/url",
                        response.json().at("/errors/0/pointer").textValue());
            }
            Api.Response publicTarget = api.put(
                    "/v1/buses/b/rules/r",
                    """
                    {"pattern": {"type": ["t"]},
                     "targets": [{"id": "t", "type": "webhook", "url": "http://93.184.215.14/hook"}]}""");
            assertEquals(201, publicTarget.status(), publicTarget.text());

            Api.Response connection = api.put(
                    "/v1/connections/c",
                    """
                    {"authorization": {"type": "oauth2", "tokenUrl": "http://169.254.169.254/token",
                                       "clientId": "id", "clientSecret": "secret"}}""");
            assertEquals(400, connection.status(), connection.text());
            assertEquals("target.forbidden", connection.json().get("code").textValue());
            assertEquals(
                    "/authorization/tokenUrl",
                    connection.json().at("/errors/0/pointer").textValue());
            assertEquals(404, api.get("/v1/connections/c").status());
        } finally {
            node.stop().await(30, TimeUnit.SECONDS);
        }
    }
}
