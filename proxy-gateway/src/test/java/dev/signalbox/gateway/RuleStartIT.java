package dev.signalbox.gateway;

import static dev.signalbox.gateway.Posts.deliveredIds;
import static dev.signalbox.gateway.Posts.postBatch;
import static dev.signalbox.gateway.Posts.postMany;
import static dev.signalbox.gateway.Posts.putRule;
import static dev.signalbox.gateway.Posts.structured;
import static dev.signalbox.gateway.Posts.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a bus's rules start seeing events. Appends to a bus with no enabled rule do not wake its
 * router; the bus's first enabled rule (a new rule, a rule put back as enabled, the first after
 * all were deleted) sees exactly the events posted after it was created, never the backlog stored
 * while nothing was routed, across a restart too. Meanwhile the rule-less bus's committed offset
 * still follows its topic.
 */
@ExtendWith(VertxExtension.class)
class RuleStartIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theFirstEnabledRuleSeesOnlyWhatIsPostedAfterIt(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/late", "{\"flush\":\"async\"}").status());
            postMany(api, "late", "backlog", 40);
            postBatch(api, "late", batch("backlog-batch", 20));
            // Nothing woke the router, yet its poll moves a rule-less bus's offset to the end.
            Eventually.await(WAIT, () -> node.isRouted("late"), () -> "the rule-less bus's offset at its end");

            // A rule put disabled starts nothing; the events posted meanwhile are backlog too.
            String targets = "[" + webhook("hook", receiver.url()) + "]";
            String disabled = "{\"state\": \"disabled\", \"pattern\": {\"type\": [\"test.event\"]}, \"targets\": "
                    + targets + "}";
            assertEquals(201, api.put("/v1/buses/late/rules/r", disabled).status());
            postMany(api, "late", "while-disabled", 10);

            putRule(api, "late", "r", targets, 200);
            Set<String> expected = new TreeSet<>(postMany(api, "late", "after", 10));
            postBatch(api, "late", batch("after-batch", 10));
            batch("after-batch", 10).forEach(e -> expected.add(e.get("id").textValue()));
            Eventually.await(
                    WAIT,
                    () -> deliveredIds(receiver).equals(expected),
                    () -> "exactly the later events, got " + deliveredIds(receiver));
            Eventually.await(WAIT, () -> node.isRouted("late"), () -> "routing to finish");

            // Every rule deleted, events posted, then a rule again: it starts at that moment too.
            assertEquals(204, api.delete("/v1/buses/late/rules/r").status());
            postMany(api, "late", "gap", 30);
            putRule(api, "late", "again", targets, 201);
            expected.addAll(postMany(api, "late", "again", 5));
            Eventually.await(
                    WAIT,
                    () -> deliveredIds(receiver).equals(expected),
                    () -> "only the events after the new" + " rule, got " + deliveredIds(receiver));
            Eventually.await(WAIT, () -> node.isRouted("late"), () -> "routing to finish");
            assertEquals(expected.size(), receiver.delivered().size(), "each once");
        }
    }

    @Test
    void aRuleCreatedAfterARestartSkipsTheBacklogToo(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.accepting(vertx)) {
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                assertEquals(
                        201, api.put("/v1/buses/quiet", "{\"flush\":\"sync\"}").status());
                postMany(api, "quiet", "before-restart", 25);
            }
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                postMany(api, "quiet", "before-rule", 25);
                putRule(api, "quiet", "r", "[" + webhook("hook", receiver.url()) + "]", 201);
                Set<String> expected = postMany(api, "quiet", "after", 10);
                Eventually.await(
                        WAIT,
                        () -> deliveredIds(receiver).equals(expected),
                        () -> "exactly the later" + " events, got " + deliveredIds(receiver));
                Eventually.await(WAIT, () -> node.isRouted("quiet"), () -> "routing to finish");
                assertEquals(expected.size(), receiver.delivered().size(), "each once");
            }
        }
    }

    private static List<ObjectNode> batch(String prefix, int count) {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(structured(prefix + "-" + i, "s" + i, "data " + i));
        }
        return events;
    }
}
