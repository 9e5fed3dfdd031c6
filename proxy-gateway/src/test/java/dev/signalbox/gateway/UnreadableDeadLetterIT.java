package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.gateway.delivery.BusTopics;
import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.NewRecord;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead letter this node cannot read (here one a newer Signalbox wrote, with a reason this one
 * does not know, as after a downgrade) is the node's fault: a call that needs the bus's dead
 * letters answers 500 problem+json at once. The index of dead letters was built in a store
 * future's success callback, so what it threw went to the event loop's exception handler and the
 * index never completed: every dead-letter call on the bus waited for its client's timeout.
 */
@ExtendWith(VertxExtension.class)
class UnreadableDeadLetterIT {

    /** Far more than a one-record index takes, far less than the client's own 30 s timeout. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @Test
    void aDeadLetterTheNodeCannotReadIsA500ProblemNotAHang(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/b", "{}").status());
            appendDeadLetterFromANewerVersion(node, "b");

            for (String call : List.of("/v1/buses/b/dead-letters", "/v1/buses/b/dead-letters/0")) {
                // Twice: a failed index is not kept, and the second call must not hang either.
                for (int attempt = 0; attempt < 2; attempt++) {
                    Api.Response answer =
                            api.send(api.request(call).timeout(PROMPTLY).GET());
                    assertEquals(500, answer.status(), call + ": " + answer.text());
                    assertEquals("application/problem+json", answer.contentType());
                    assertEquals("internal", answer.json().get("code").asText());
                }
            }
            Api.Response redrive = api.send(api.request("/v1/buses/b/dead-letters/redrive")
                    .timeout(PROMPTLY)
                    .header("content-type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"all\": true}")));
            assertEquals(500, redrive.status(), redrive.text());
            assertEquals("application/problem+json", redrive.contentType());

            assertEquals(200, api.get("/v1/buses/b").status(), "and the node keeps serving");
        }
    }

    /**
     * A delivery that ends in the dead letters while the index cannot be built still completes
     * once its dead letter is stored, once: the router moves on, and stores no second copy.
     */
    @Test
    void aNewDeadLetterIsStoredOnceBesideAnUnreadableOne(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir);
                Receiver refusing = Receiver.start(vertx, n -> 400)) {
            Api api = node.api();
            Posts.busWithRule(api, "b", "r", "[" + Posts.webhook("t", refusing.url()) + "]");
            appendDeadLetterFromANewerVersion(node, "b");
            String topic =
                    BusTopics.of(node.node().catalog().requireBus("b").topic()).deadLetters();

            Posts.post(api, "b", "refused", "s");
            Eventually.await(
                    Duration.ofSeconds(20),
                    () -> node.isRouted("b"),
                    () -> "the refused delivery dead-lettered and the router past it");
            assertEquals(
                    2,
                    node.node().store().nextOffset(topic),
                    "the unreadable dead letter and the new one, stored once");
        }
    }

    /** A record in the bus's dead-letter topic as the node writes one, but with a reason it does not know. */
    private static void appendDeadLetterFromANewerVersion(TestNode node, String bus) throws Exception {
        String topic =
                BusTopics.of(node.node().catalog().requireBus(bus).topic()).deadLetters();
        Event event =
                new Event(Map.of("specversion", "1.0", "id", "e1", "source", "/test", "type", "test.event"), null);
        Map<String, String> properties = Map.of(
                "kind", "deadLetter",
                "eventId", "e1",
                "eventSource", "/test",
                "rule", "r",
                "target", "t",
                "reason", "quarantined",
                "status", "0",
                "attempts", "0",
                "first", "0",
                "last", "0");
        AppendResult appended = node.node()
                .store()
                .append(
                        NewRecord.of(topic, EventCodec.encode(event))
                                .withKeys(List.of("e1"))
                                .withProperties(properties),
                        FlushMode.SYNC)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertTrue(appended.isOk(), String.valueOf(appended.status()));
    }
}
