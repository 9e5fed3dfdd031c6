package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request path or query string with a broken percent-encoding ({@code %zz}, a trailing {@code %4}) is answered
 * with a problem naming the escape, on the events route as on every other, instead of Vert.x
 * Web's bare text/plain 400. JDK clients cannot send such a path (their URI refuses it), so the
 * requests go over a raw socket.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedPathIT {

    private TestNode node;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        assertEquals(201, node.api().put("/v1/buses/b", "{}").status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "POST /v1/buses/%zz/events",
                "POST /v1/buses/b/events%",
                "GET /v1/buses/b/events/%zz",
                "GET /v1/buses/b/events/id%4",
                "PUT /v1/buses/a%g1",
                "GET /v1/nothing/%"
            })
    void aBrokenEscapeIsAProblemNamingIt(String requestLine) throws IOException {
        JsonNode problem = requestInvalid(send(requestLine));
        assertTrue(problem.get("detail").asText().contains("malformed percent-encoding"), problem.toString());
        assertEquals(
                202,
                node.api()
                        .postEvent(
                                "b",
                                BinaryEvent.text("after", "x").withSource("/s").withType("t"))
                        .status(),
                "the node keeps serving");
    }

    /**
     * A query string with a broken escape fails when a handler first reads a parameter (Vert.x
     * Web throws its own 400 then): a problem too, never a 500.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /v1/buses/b/events/p?source=%zz",
                "GET /v1/buses/b/dead-letters?reason=%4",
                "GET /v1/buses/b/events/p/deliveries?source=%"
            })
    void aBrokenEscapeInTheQueryIsAProblemToo(String requestLine) throws IOException {
        JsonNode problem = requestInvalid(send(requestLine));
        assertTrue(problem.get("detail").asText().contains("query"), problem.toString());
    }

    /** Checks that a raw HTTP answer is a 400 request.invalid problem, and gives its body. */
    private static JsonNode requestInvalid(String answer) throws IOException {
        int headEnd = answer.indexOf("\r\n\r\n");
        assertTrue(headEnd > 0, answer);
        String head = answer.substring(0, headEnd).toLowerCase(Locale.ROOT);
        assertTrue(head.startsWith("http/1.1 400 "), answer);
        assertTrue(head.contains("content-type: application/problem+json"), answer);
        JsonNode problem = Api.JSON.readTree(answer.substring(headEnd + 4));
        assertEquals("request.invalid", problem.get("code").asText(), answer);
        assertEquals(
                "urn:signalbox:problem:request.invalid", problem.get("type").asText(), answer);
        return problem;
    }

    /** One request with the admin key and an empty body; the whole answer, read until close. */
    private String send(String requestLine) throws IOException {
        try (Socket socket = RawHttp.open(node.node().port(), 30_000)) {
            RawHttp.send(
                    socket,
                    requestLine + " HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer " + TestNode.KEY
                            + "\r\ncontent-type: text/plain\r\nce-specversion: 1.0\r\nce-id: p\r\nce-source: /s\r\n"
                            + "ce-type: t\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            return RawHttp.readUntilClosed(socket);
        }
    }
}
