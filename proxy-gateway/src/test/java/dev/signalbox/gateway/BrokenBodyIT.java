package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests whose body breaks half way, over raw sockets against a node in its own process (its
 * log is the evidence): a client that resets the connection inside its body, and a chunked body
 * whose chunk size is not hex. Vert.x closes the connection after either, so no one is left to
 * answer; the node must not take that for its own failure (no ERROR, no stack trace, no 500 nor
 * 200 in the request metrics), must store nothing from them, and must keep serving.
 */
class BrokenBodyIT {

    private static final int READ_LIMIT_MILLIS = 10_000;
    private static final String BAD_CHUNK = "Invalid character in chunk size";
    private static final String RESET = "Connection reset";

    @Test
    void aBodyCutByAResetOrBrokenChunksIsNotTheNodesFailure(@TempDir Path dir) throws Exception {
        try (ChildNode node = ChildNode.start(Files.createDirectories(dir.resolve("data")), dir, "node")) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/orders", "{}").status());
            String eventHeaders = "Content-Type: text/plain\r\nce-specversion: 1.0\r\nce-id: broken-1\r\n"
                    + "ce-source: /s\r\nce-type: t\r\n";

            // Chunk sizes that are not hex: the decoder refuses the body and the connection closes.
            String badChunks = "Transfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n";
            assertFalse(exchange(node, "POST /v1/buses/orders/events", eventHeaders + badChunks, false)
                    .contains(" 202 "));
            assertFalse(exchange(node, "PUT /v1/buses/chunked", "Content-Type: application/json\r\n" + badChunks, false)
                    .contains(" 201 "));
            // A body announced, begun, and the connection reset under it.
            String partial = "Content-Length: 100\r\n\r\n{\"a\":";
            exchange(node, "POST /v1/buses/orders/events", eventHeaders + partial, true);
            exchange(node, "PUT /v1/buses/reset", "Content-Type: application/json\r\n" + partial, true);

            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> count(node.output(), BAD_CHUNK) >= 2 && count(node.output(), RESET) >= 2,
                    () -> "the node saw the four broken requests:\n" + node.output());
            String output = node.output();
            assertFalse(output.contains(" ERROR "), "a client's broken body is not logged as an error:\n" + output);
            assertFalse(output.contains("\tat "), "nor with a stack trace:\n" + output);

            String metrics = api.get("/metrics").text();
            assertTrue(
                    metrics.lines()
                            .filter(line -> line.startsWith("signalbox_http_server_requests_seconds_count"))
                            .noneMatch(line -> line.contains("status=\"500\"")
                                    || (line.contains("method=\"PUT\"") && line.contains("status=\"200\""))),
                    "no broken request is counted as a 500, nor as a success:\n" + metrics);

            assertEquals(404, api.get("/v1/buses/orders/events/broken-1").status(), "nothing was stored");
            assertEquals(404, api.get("/v1/buses/chunked").status());
            assertEquals(404, api.get("/v1/buses/reset").status());
            assertEquals(
                    202,
                    api.postEvent(
                                    "orders",
                                    BinaryEvent.text("after", "x")
                                            .withSource("/s")
                                            .withType("t"))
                            .status(),
                    "the node keeps serving");
            assertEquals(201, api.put("/v1/buses/after", "{}").status());
        }
    }

    /**
     * Sends one request on a fresh connection; with {@code reset}, closes it with a TCP reset
     * right after (SO_LINGER 0) and returns nothing, otherwise returns all the node sent until it
     * closed the connection.
     */
    private static String exchange(ChildNode node, String requestLine, String rest, boolean reset) throws IOException {
        try (Socket socket = RawHttp.open(node.port(), READ_LIMIT_MILLIS)) {
            RawHttp.send(
                    socket,
                    requestLine + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestNode.KEY + "\r\n"
                            + rest);
            if (reset) {
                socket.setSoLinger(true, 0);
                return "";
            }
            return RawHttp.readUntilClosed(socket);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
