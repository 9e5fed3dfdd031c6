package dev.signalbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A plain JDK HTTP client for a node's API, as any user's client would call it. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    Api(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    /** A response with its body as bytes and, when it is JSON, as a tree. */
    record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String contentType() {
            return headers.firstValue("content-type").orElse("");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    Response put(String path, String json) {
        return send(request(path).header("content-type", "application/json").PUT(body(json)));
    }

    Response post(String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("content-type", contentType);
        }
        headers.forEach(builder::header);
        return send(builder);
    }

    /** Posts a binary-mode event to the bus's events route. */
    Response postEvent(String bus, BinaryEvent event) {
        return post("/v1/buses/" + bus + "/events", event.contentType(), event.data(), event.headers());
    }

    /**
     * Posts a binary-mode JSON event ({@code application/json} data, id {@code id}, source {@code
     * /test}, type {@code test.event}) to the bus.
     */
    Response postJsonEvent(String bus, String id, String data) {
        return postEvent(bus, BinaryEvent.json(id, data));
    }

    Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("authorization", "Bearer " + key);
        }
        return builder;
    }

    Api withKey(String other) {
        return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), other);
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
    }
}
