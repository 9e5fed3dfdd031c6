package dev.signalbox.connectors.webhook;

import static dev.signalbox.connectors.Hook.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Cause;
import dev.signalbox.connectors.DeliveryOutcome.Verdict;
import dev.signalbox.connectors.Hook;
import dev.signalbox.connectors.Hook.Reply;
import dev.signalbox.connectors.TestEvents;
import dev.signalbox.core.Event;
import dev.signalbox.core.StructuredEvents;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WebhookTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Vertx vertx;
    private HttpClient client;
    private Context context;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient();
        this.context = vertx.getOrCreateContext();
    }

    @Test
    void binaryModeCarriesEveryAttribute() {
        Event event = TestEvents.rich("évt-1");
        try (Hook hook = Hook.answering(vertx, 202)) {
            DeliveryOutcome outcome = deliver(target(hook.uri(), DeliveryMode.BINARY, Duration.ofSeconds(5)), event);
            assertEquals(Verdict.DELIVERED, outcome.verdict());
            assertEquals(Cause.OK, outcome.cause());
            assertEquals(202, outcome.statusCode());
            Hook.Seen request = hook.seen().get(0);
            event.attributes().forEach((name, value) -> {
                if (!name.equals("datacontenttype")) {
                    assertEquals(String.valueOf(value), BinaryMode.decode(request.header("ce-" + name)), name);
                }
            });
            assertEquals("application/json; charset=utf-8", request.header("content-type"));
            assertFalse(request.headers().contains("ce-datacontenttype"));
            assertArrayEquals(event.data(), request.body());
        }
    }

    @Test
    void binaryModeNamesJsonDataThatCameWithoutAContentType() {
        // Posted in structured mode as {"data": {...}} without datacontenttype: JSON by the
        // CloudEvents default, which a binary-mode body only says through Content-Type.
        Event event = TestEvents.minimal("json-1");
        Event withData = new Event(event.attributes(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        try (Hook hook = Hook.answering(vertx, 200)) {
            deliver(target(hook.uri(), DeliveryMode.BINARY, Duration.ofSeconds(5)), withData);
            assertEquals("application/json", hook.seen().get(0).header("content-type"));
            assertFalse(hook.seen().get(0).headers().contains("ce-datacontenttype"));
        }
        try (Hook hook = Hook.answering(vertx, 200)) {
            deliver(target(hook.uri(), DeliveryMode.BINARY, Duration.ofSeconds(5)), TestEvents.minimal("none"));
            assertFalse(hook.seen().get(0).headers().contains("content-type"), "no data, no type");
        }
        Event opaque = new Event(event.attributes(), "not json".getBytes(StandardCharsets.UTF_8));
        try (Hook hook = Hook.answering(vertx, 200)) {
            deliver(target(hook.uri(), DeliveryMode.BINARY, Duration.ofSeconds(5)), opaque);
            assertFalse(
                    hook.seen().get(0).headers().contains("content-type"),
                    "bytes that are not JSON are not called JSON");
        }
    }

    @Test
    void structuredModeCarriesEveryAttributeAndJsonDataByteForByte() throws Exception {
        Event event = TestEvents.rich("évt-2");
        try (Hook hook = Hook.answering(vertx, 200)) {
            deliver(target(hook.uri(), DeliveryMode.STRUCTURED, Duration.ofSeconds(5)), event);
            Hook.Seen request = hook.seen().get(0);
            assertTrue(request.header("content-type").startsWith("application/cloudevents+json"));
            assertEquals(event, StructuredEvents.parse(request.body()));
            String body = request.text();
            String data = new String(event.data(), StandardCharsets.UTF_8);
            assertTrue(body.contains("\"data\":" + data), body);
            JsonNode json = JSON.readTree(request.body());
            assertEquals(7, json.get("priority").intValue());
            assertTrue(json.get("urgent").booleanValue());
        }
    }

    @Test
    void structuredModeSendsNonJsonDataAsBase64() throws Exception {
        Event event = TestEvents.binaryData("b-1");
        try (Hook hook = Hook.answering(vertx, 200)) {
            deliver(target(hook.uri(), DeliveryMode.STRUCTURED, Duration.ofSeconds(5)), event);
            JsonNode json = JSON.readTree(hook.seen().get(0).body());
            assertArrayEquals(
                    event.data(),
                    Base64.getDecoder().decode(json.get("data_base64").textValue()));
            assertFalse(json.has("data"));
            assertEquals(event, StructuredEvents.parse(hook.seen().get(0).body()));
        }
    }

    @Test
    void serviceUnavailableIsRetryable() {
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(503))) {
            DeliveryOutcome outcome = deliver(hook);
            assertEquals(Verdict.RETRYABLE, outcome.verdict());
            assertEquals(Cause.HTTP_STATUS, outcome.cause());
            assertEquals(503, outcome.statusCode());
            assertTrue(outcome.retryAfter().isEmpty());
        }
    }

    @Test
    void tooManyRequestsCarriesRetryAfterSeconds() {
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(429).with("retry-after", "7"))) {
            DeliveryOutcome outcome = deliver(hook);
            assertEquals(Verdict.RETRYABLE, outcome.verdict());
            assertEquals(429, outcome.statusCode());
            assertEquals(Duration.ofSeconds(7), outcome.retryAfter().orElseThrow());
        }
    }

    @Test
    void tooManyRequestsCarriesRetryAfterAsAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(429).with("retry-after", date))) {
            DeliveryOutcome outcome = deliver(hook);
            Duration wait = outcome.retryAfter().orElseThrow();
            assertTrue(
                    wait.compareTo(Duration.ofSeconds(110)) > 0 && wait.compareTo(Duration.ofSeconds(121)) <= 0,
                    wait.toString());
        }
    }

    @Test
    void requestTimeoutAndServerErrorsAreRetryable() {
        for (int status : new int[] {408, 500, 502, 504}) {
            try (Hook hook = Hook.answering(vertx, status)) {
                assertEquals(Verdict.RETRYABLE, deliver(hook).verdict(), "HTTP " + status);
            }
        }
    }

    @Test
    void goneIsRejectedAndMarkedGone() {
        try (Hook hook = Hook.answering(vertx, 410)) {
            DeliveryOutcome outcome = deliver(hook);
            assertEquals(Verdict.REJECTED, outcome.verdict());
            assertEquals(410, outcome.statusCode());
            assertTrue(outcome.isGone());
        }
    }

    @Test
    void otherClientErrorsAndRedirectsAreRejected() {
        for (int status : new int[] {400, 401, 403, 404, 413, 301}) {
            try (Hook hook = Hook.answering(vertx, status)) {
                DeliveryOutcome outcome = deliver(hook);
                assertEquals(Verdict.REJECTED, outcome.verdict(), "HTTP " + status);
                assertFalse(outcome.isGone());
            }
        }
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsRetryable() {
        // The receiver answers after 20 s; the attempt must end by the 300 ms timeout.
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(200).after(20_000))) {
            long start = System.nanoTime();
            DeliveryOutcome outcome =
                    deliver(target(hook.uri(), DeliveryMode.BINARY, Duration.ofMillis(300)), TestEvents.minimal("1"));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Verdict.RETRYABLE, outcome.verdict());
            assertEquals(Cause.TIMEOUT, outcome.cause());
            assertEquals(0, outcome.statusCode());
            assertTrue(outcome.error().toLowerCase().contains("timeout"), outcome.error());
            assertTrue(tookMillis >= 290 && tookMillis < 15_000, "took " + tookMillis + " ms");
        }
    }

    @Test
    void aRefusedConnectionIsRetryable() {
        Hook hook = Hook.answering(vertx, 200);
        URI url = hook.uri();
        hook.close();
        DeliveryOutcome outcome =
                deliver(target(url, DeliveryMode.BINARY, Duration.ofSeconds(5)), TestEvents.minimal("1"));
        assertEquals(Verdict.RETRYABLE, outcome.verdict());
        assertEquals(Cause.CONNECTION, outcome.cause());
        assertFalse(outcome.error().isEmpty());
    }

    private DeliveryOutcome deliver(Hook hook) {
        return deliver(target(hook.uri(), DeliveryMode.BINARY, Duration.ofSeconds(5)), TestEvents.minimal("1"));
    }

    private DeliveryOutcome deliver(WebhookTarget target, Event event) {
        return await(context, () -> target.deliver(event));
    }

    private WebhookTarget target(URI url, DeliveryMode mode, Duration timeout) {
        return new WebhookTarget("t1", mode, WebhookEndpoint.plain(vertx, client, url, timeout));
    }
}
