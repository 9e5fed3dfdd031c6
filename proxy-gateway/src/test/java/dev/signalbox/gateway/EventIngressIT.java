package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean path for posted events (EventIngress), over raw HTTP/1.1 where the JDK client would
 * hide the framing: bodies in chunks, a body over the node's limit announced or streamed, {@code
 * 100-continue}, and the requests it hands to the router (a trailing slash, a percent-encoded bus
 * name, another {@code Expect}) answered as the router answers them. The request metrics name the
 * route template as before.
 */
@ExtendWith(VertxExtension.class)
class EventIngressIT {

    private static final String DATA = "{\"n\":1}";

    @Test
    void aChunkedBodyIsStoredByteExact(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            node.api().put("/v1/buses/b-1", "{}");
            byte[] data = new byte[20_000];
            Arrays.fill(data, (byte) 'x');
            data[0] = '"';
            data[data.length - 1] = '"';
            try (Socket socket = connect(node)) {
                OutputStream out = socket.getOutputStream();
                out.write(head(
                        "POST /v1/buses/b-1/events", "application/json", "id-chunked", "transfer-encoding: chunked"));
                for (int at = 0; at < data.length; at += 7_000) {
                    int length = Math.min(7_000, data.length - at);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(data, at, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Reply reply = Reply.read(socket.getInputStream());
                assertEquals(202, reply.status(), reply.text());
                assertEquals("{\"id\":\"id-chunked\"}", reply.text());
            }
            Api.Response stored = node.api().get("/v1/buses/b-1/events/id-chunked");
            assertEquals(200, stored.status());
            // The data is a JSON string of 19,998 x's: it comes back whole, as that string.
            assertEquals(
                    new String(data, 1, data.length - 2, StandardCharsets.US_ASCII),
                    stored.json().get("data").asText());
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherAnnouncedOrStreamed(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            node.api().put("/v1/buses/b", "{}");
            try (Socket socket = connect(node)) {
                // Refused from Content-Length alone: the body is never sent.
                socket.getOutputStream()
                        .write(head(
                                "POST /v1/buses/b/events", "application/json", "big-1", "content-length: 999999999"));
                Reply reply = Reply.read(socket.getInputStream());
                assertProblem(reply, 413, "event.too-large");
            }
            try (Socket socket = connect(node)) {
                OutputStream out = socket.getOutputStream();
                out.write(head(
                        "POST /v1/buses/b/events",
                        "application/cloudevents-batch+json",
                        null,
                        "transfer-encoding: chunked"));
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                Reply reply = null;
                // No Content-Length: refused once the streamed body passes the limit (4 MB here).
                for (int sent = 0; sent < 8 << 20 && reply == null; sent += chunk.length) {
                    try {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException closed) {
                        reply = Reply.read(socket.getInputStream());
                    }
                    if (reply == null && socket.getInputStream().available() > 0) {
                        reply = Reply.read(socket.getInputStream());
                    }
                }
                if (reply == null) {
                    reply = Reply.read(socket.getInputStream());
                }
                assertProblem(reply, 413, "batch.too-large");
            }
            assertEquals(
                    202, postBinary(node, "/v1/buses/b/events", "after-413").status(), "the node keeps serving");
        }
    }

    @Test
    void continueIsAnsweredBeforeTheBodyIsSent(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            node.api().put("/v1/buses/b", "{}");
            try (Socket socket = connect(node)) {
                OutputStream out = socket.getOutputStream();
                byte[] body = DATA.getBytes(StandardCharsets.UTF_8);
                out.write(head(
                        "POST /v1/buses/b/events",
                        "application/json",
                        "id-continue",
                        "expect: 100-continue\r\ncontent-length: " + body.length));
                out.flush();
                Reply interim = Reply.read(socket.getInputStream());
                assertEquals(100, interim.status());
                out.write(body);
                out.flush();
                Reply reply = Reply.read(socket.getInputStream());
                assertEquals(202, reply.status(), reply.text());
            }
            assertEquals(200, node.api().get("/v1/buses/b/events/id-continue").status());
        }
    }

    @Test
    void requestsTheLeanPathDoesNotTakeAreAnsweredByTheRouter(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            node.api().put("/v1/buses/b-x", "{}");
            assertEquals(
                    202,
                    postBinary(node, "/v1/buses/b%2Dx/events", "id-encoded").status());
            assertEquals(200, node.api().get("/v1/buses/b-x/events/id-encoded").status());
            Reply odd = postBinary(node, "/v1/buses/b-x/events", "id-odd", "expect: something-else");
            assertEquals(
                    Reply.read(postBinaryRaw(node, "/v1/buses/b-x/events/", "id-slash"))
                            .status(),
                    202);
            assertTrue(odd.status() >= 400 && odd.status() < 500, odd.text());
            assertTrue(odd.contentType().startsWith("application/problem+json"), odd.contentType());
            assertEquals(404, node.api().get("/v1/buses/b-x/events/id-odd").status());
        }
    }

    @Test
    void authIsCheckedFirstAndRequestsAreTimedUnderTheRouteTemplate(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            node.api().put("/v1/buses/b", "{}");
            try (Socket socket = connect(node)) {
                String request = "POST /v1/buses/b/events HTTP/1.1\r\nhost: x\r\nce-specversion: 1.0\r\n"
                        + "ce-id: no-key\r\nce-source: /s\r\nce-type: t\r\ncontent-length: 999999999\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                Reply reply = Reply.read(socket.getInputStream());
                assertProblem(reply, 401, "auth.missing");
                assertTrue(reply.headers().containsKey("www-authenticate"));
            }
            assertEquals(202, postBinary(node, "/v1/buses/b/events", "timed").status());
            assertEquals(
                    404, postBinary(node, "/v1/buses/nope/events", "no-bus").status());
            String metrics = node.api().get("/metrics").text();
            assertTrue(
                    metrics.contains("signalbox_http_server_requests_seconds_count{bus=\"b\",method=\"POST\","
                            + "route=\"/v1/buses/:bus/events\",status=\"202\"}"),
                    metrics);
            assertTrue(
                    metrics.contains("signalbox_http_server_requests_seconds_count{bus=\"-\",method=\"POST\","
                            + "route=\"/v1/buses/:bus/events\",status=\"404\"}"),
                    metrics);
        }
    }

    private static void assertProblem(Reply reply, int status, String code) throws IOException {
        assertEquals(status, reply.status(), reply.text());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        JsonNode problem = Api.JSON.readTree(reply.body());
        assertEquals(code, problem.get("code").asText());
        assertEquals("urn:signalbox:problem:" + code, problem.get("type").asText());
    }

    private static Socket connect(TestNode node) throws IOException {
        Socket socket = new Socket("127.0.0.1", node.node().port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** A request head with the admin key; binary-mode attributes when {@code id} is given. */
    private static byte[] head(String requestLine, String contentType, String id, String extra) {
        StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\nhost: 127.0.0.1\r\n");
        head.append("authorization: Bearer ").append(TestNode.KEY).append("\r\n");
        head.append("content-type: ").append(contentType).append("\r\n");
        if (id != null) {
            head.append("ce-specversion: 1.0\r\nce-id: ")
                    .append(id)
                    .append("\r\nce-source: /ingress\r\nce-type: test.ingress\r\n");
        }
        if (extra != null) {
            head.append(extra).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Reply postBinary(TestNode node, String path, String id) throws IOException {
        return postBinary(node, path, id, null);
    }

    private static Reply postBinary(TestNode node, String path, String id, String extra) throws IOException {
        try (Socket socket = connect(node)) {
            byte[] body = DATA.getBytes(StandardCharsets.UTF_8);
            String headers = "content-length: " + body.length + (extra == null ? "" : "\r\n" + extra);
            socket.getOutputStream().write(head("POST " + path, "application/json", id, headers));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return Reply.read(socket.getInputStream());
        }
    }

    /** The reply's stream, for a caller that reads it while the socket is still open. */
    private static InputStream postBinaryRaw(TestNode node, String path, String id) throws IOException {
        Socket socket = connect(node);
        byte[] body = DATA.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream()
                .write(head(
                        "POST " + path, "application/json", id, "connection: close\r\ncontent-length: " + body.length));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        byte[] all = socket.getInputStream().readAllBytes();
        socket.close();
        return new java.io.ByteArrayInputStream(all);
    }

    /** One HTTP/1.1 response read off a stream: status, headers (lower-cased names) and body. */
    private record Reply(int status, Map<String, String> headers, byte[] body) {

        static Reply read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            byte[] body = new byte[0];
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            }
            return new Reply(status, headers, body);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed mid-response: " + line);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }
}
