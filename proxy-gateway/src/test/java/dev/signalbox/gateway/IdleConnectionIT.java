package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server's idle timeout, over raw sockets: a client that stops half way through a
 * request (its headers, or a body it announced) loses the connection once the timeout passes,
 * while a keep-alive client that keeps sending requests keeps its connection well past it.
 */
@ExtendWith(VertxExtension.class)
class IdleConnectionIT {

    private static final Duration IDLE = Duration.ofMillis(500);
    /** Far more than the timeout, far less than "forever": how long a test waits for the close. */
    private static final int READ_LIMIT_MILLIS = 10_000;

    @Test
    void aBodyAnnouncedButNotSentLosesItsConnectionAfterTheIdleTimeout(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.withIdleTimeout(vertx, dir, IDLE)) {
            assertEquals(201, node.api().put("/v1/buses/idle", "{}").status());
            // Opened only now: an idle socket opened before the bus would be closed already.
            try (Socket socket = RawHttp.open(node.node().port(), READ_LIMIT_MILLIS)) {
                long start = System.nanoTime();
                RawHttp.send(
                        socket,
                        "POST /v1/buses/idle/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                + TestNode.KEY + "\r\nContent-Type: text/plain\r\nce-specversion: 1.0\r\nce-id: 1\r\n"
                                + "ce-source: /s\r\nce-type: t\r\nContent-Length: 1000\r\n\r\nx");
                String answered = RawHttp.readUntilClosed(socket);
                long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertTrue(took >= IDLE.toMillis() - 50, "closed by the timeout, not at once: " + took + " ms");
                assertTrue(took < READ_LIMIT_MILLIS, "closed: " + took + " ms");
                assertTrue(!answered.contains("202"), "the partial event was not taken: " + answered);
                assertEquals(
                        404,
                        node.api().get("/v1/buses/idle/events/1?source=/s").status(),
                        "nothing was stored from the partial body");
                String metrics = node.api().get("/metrics").text();
                assertTrue(
                        metrics.lines()
                                .filter(line -> line.startsWith("signalbox_http_server_requests_seconds_count"))
                                .noneMatch(line -> line.contains("status=\"500\"")),
                        "a connection the timeout cut is not counted as a 500:\n" + metrics);
            }
        }
    }

    @Test
    void headersThatStopHalfWayLoseTheirConnectionAfterTheIdleTimeout(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.withIdleTimeout(vertx, dir, IDLE);
                Socket socket = RawHttp.open(node.node().port(), READ_LIMIT_MILLIS)) {
            long start = System.nanoTime();
            RawHttp.send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Trickle: a");
            String answered = RawHttp.readUntilClosed(socket);
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(took >= IDLE.toMillis() - 50 && took < READ_LIMIT_MILLIS, took + " ms");
            assertEquals("", answered, "no answer to a request that never ended its headers");
        }
    }

    @Test
    void aKeepAliveClientThatKeepsSendingKeepsItsConnectionPastTheTimeout(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.withIdleTimeout(vertx, dir, IDLE);
                Socket socket = RawHttp.open(node.node().port(), READ_LIMIT_MILLIS)) {
            InputStream in = socket.getInputStream();
            long until = System.nanoTime() + IDLE.multipliedBy(4).toNanos();
            int answered = 0;
            while (System.nanoTime() < until) {
                RawHttp.send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertEquals(200, readResponseStatus(in), "request " + answered + " on the same connection");
                answered++;
            }
            assertTrue(answered > 1, "one connection served requests for four idle timeouts: " + answered);
        }
    }

    /** Reads one response with a Content-Length body; returns its status. */
    private static int readResponseStatus(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (header.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(header.substring(colon + 1).trim());
            }
        }
        assertEquals(length, in.readNBytes(length).length, "the whole body");
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed mid-response after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
