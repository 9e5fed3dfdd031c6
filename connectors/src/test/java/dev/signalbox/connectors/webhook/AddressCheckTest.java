package dev.signalbox.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Cause;
import dev.signalbox.connectors.DeliveryOutcome.Verdict;
import dev.signalbox.connectors.Hook;
import dev.signalbox.connectors.TargetAddressPolicy;
import dev.signalbox.connectors.TestEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SSRF guard at delivery time: the address checked is the address connected to. */
@ExtendWith(VertxExtension.class)
class AddressCheckTest {

    private Vertx vertx;
    private Context context;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    @Test
    void refusesAHostWhoseDnsNowPointsAtAPrivateAddress() throws Exception {
        // A name that resolved to a public address when the rule was made, and to loopback now
        // (DNS rebinding). The resolver stands in for that DNS answer.
        AtomicReference<InetAddress> dns = new AtomicReference<>(InetAddress.getByName("93.184.215.14"));
        try (Hook hook = Hook.answering(vertx, 200)) {
            WebhookTarget target = target(
                    URI.create("http://hooks.rebind.test:" + hook.port() + "/hook"),
                    AddressCheck.with(
                            new TargetAddressPolicy(false), host -> Future.succeededFuture(List.of(dns.get()))));
            dns.set(InetAddress.getByName("127.0.0.1"));
            DeliveryOutcome outcome = deliver(target);
            assertEquals(Verdict.REJECTED, outcome.verdict());
            assertEquals(Cause.FORBIDDEN, outcome.cause());
            assertTrue(outcome.error().contains("127.0.0.1"), outcome.error());
            assertEquals(0, hook.requests());
        }
    }

    @Test
    void refusesWhenAnyResolvedAddressIsPrivate() throws Exception {
        List<InetAddress> answers = List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7"));
        WebhookTarget target = target(
                URI.create("http://mixed.test/hook"),
                AddressCheck.with(new TargetAddressPolicy(false), host -> Future.succeededFuture(answers)));
        DeliveryOutcome outcome = deliver(target);
        assertEquals(Cause.FORBIDDEN, outcome.cause());
        assertTrue(outcome.error().contains("10.0.0.7"), outcome.error());
    }

    @Test
    void refusesLoopbackLiteralsAndLocalhostThroughTheSystemResolver() {
        for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
            WebhookTarget target = target(
                    URI.create("http://" + host + ":9/hook"),
                    AddressCheck.system(vertx, new TargetAddressPolicy(false)));
            DeliveryOutcome outcome = deliver(target);
            assertEquals(Cause.FORBIDDEN, outcome.cause(), host);
        }
    }

    @Test
    void connectsToTheAddressItCheckedNotToAFreshLookup() throws Exception {
        // The name does not exist in any DNS; only the resolver knows it. Delivery reaching the
        // receiver proves the request went to the checked address, with the name as Host.
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (Hook hook = Hook.answering(vertx, 200)) {
            WebhookTarget target = target(
                    URI.create("http://only-our-resolver.invalid:" + hook.port() + "/hook"),
                    AddressCheck.with(
                            new TargetAddressPolicy(true), host -> Future.succeededFuture(List.of(loopback))));
            assertEquals(Verdict.DELIVERED, deliver(target).verdict());
            assertEquals(
                    "only-our-resolver.invalid:" + hook.port(),
                    hook.seen().get(0).header("host"));
        }
    }

    private DeliveryOutcome deliver(WebhookTarget target) {
        return Hook.await(context, () -> target.deliver(TestEvents.minimal("1")));
    }

    private WebhookTarget target(URI url, AddressCheck check) {
        WebhookEndpoint endpoint = new WebhookEndpoint(
                vertx, vertx.createHttpClient(), url, Duration.ofSeconds(5), check, Optional::empty, Optional.empty());
        return new WebhookTarget("t", DeliveryMode.BINARY, endpoint);
    }
}
