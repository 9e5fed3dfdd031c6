package dev.signalbox.gateway;

import static dev.signalbox.gateway.Posts.deliveredIds;
import static dev.signalbox.gateway.Posts.post;
import static dev.signalbox.gateway.Posts.postMany;
import static dev.signalbox.gateway.Posts.putRule;
import static dev.signalbox.gateway.Posts.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus's first enabled rule is created, events are posted after it, and the node is killed with
 * SIGKILL before its router has committed past the backlog stored while no rule was enabled. After
 * the restart the rule still sees exactly the events posted after it: its route mark is stored with
 * it, not only held in memory.
 *
 * <p>The router's committed offset is kept behind deterministically: a delivery of an earlier
 * rule (deleted since) is still under way, held by its receiver, so nothing past that event is
 * committed before the kill, however long the test takes.
 */
@ExtendWith(VertxExtension.class)
class RouteMarkCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern BACKLOG = Pattern.compile("signalbox_bus_backlog\\{bus=\"marked\"[^}]*} (\\S+)");

    @Test
    void aFirstRuleSeesOnlyWhatWasPostedAfterItAcrossAKillNine(Vertx vertx, @TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Set<String> after;
        try (Receiver holding = Receiver.replying(
                        vertx, n -> new Receiver.Reply(200, Receiver.Reply.UNTIL_RELEASED, Map.of()));
                Receiver receiver = Receiver.accepting(vertx)) {
            ChildNode first = ChildNode.start(data, tmp, "first");
            try {
                Api api = first.api();
                assertEquals(
                        201, api.put("/v1/buses/marked", "{\"flush\":\"sync\"}").status());
                String slow = "[{\"id\": \"slow\", \"type\": \"webhook\", \"url\": \"" + holding.url()
                        + "\", \"limits\": {\"timeoutMillis\": 300000}}]";
                putRule(api, "marked", "earlier", slow, 201);
                post(api, "marked", "held-0", "s");
                Eventually.await(WAIT, () -> holding.attempts() == 1, () -> "the held delivery to start");
                assertEquals(204, api.delete("/v1/buses/marked/rules/earlier").status());

                postMany(api, "marked", "backlog", 20);
                putRule(api, "marked", "fresh", "[" + webhook("hook", receiver.url()) + "]", 201);
                after = postMany(api, "marked", "after", 5);
                Eventually.await(
                        WAIT,
                        () -> deliveredIds(receiver).equals(after),
                        () -> "the later events before the kill, got " + deliveredIds(receiver));
                assertEquals(26.0, backlog(api), "nothing committed past the held delivery");
            } finally {
                first.kill();
            }

            try (ChildNode second = ChildNode.start(data, tmp, "second")) {
                Api api = second.api();
                Eventually.await(WAIT, () -> backlog(api) == 0.0, () -> "routing to finish after the restart");
                assertEquals(after, deliveredIds(receiver), "only the events posted after the rule, again at most");
            }
        }
    }

    private static double backlog(Api api) {
        Matcher m = BACKLOG.matcher(api.get("/metrics").text());
        if (!m.find()) {
            throw new AssertionError("no backlog gauge for the bus");
        }
        return Double.parseDouble(m.group(1));
    }
}
