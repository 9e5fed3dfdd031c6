package dev.signalbox.connectors.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Cause;
import dev.signalbox.connectors.DeliveryOutcome.Verdict;
import dev.signalbox.connectors.Hook;
import dev.signalbox.connectors.Hook.Reply;
import dev.signalbox.connectors.TargetAddressPolicy;
import dev.signalbox.connectors.TestEvents;
import dev.signalbox.connectors.auth.Authorization.OAuth2ClientCredentials;
import dev.signalbox.connectors.webhook.AddressCheck;
import dev.signalbox.connectors.webhook.DeliveryMode;
import dev.signalbox.connectors.webhook.WebhookEndpoint;
import dev.signalbox.connectors.webhook.WebhookTarget;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConnectionDeliveryTest {

    private Vertx vertx;
    private Context context;
    private HttpServer tokenServer;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final List<MultiMap> tokenRequests = new CopyOnWriteArrayList<>();
    private volatile long tokenLifetimeSeconds = 3600;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        // A client-credentials token endpoint (RFC 6749 4.4): the client authenticates with HTTP
        // Basic, asks for grant_type=client_credentials, and gets a bearer token.
        tokenServer = Hook.get(vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    MultiMap form = MultiMap.caseInsensitiveMultiMap();
                    for (String pair : body.toString().split("&")) {
                        String[] kv = pair.split("=", 2);
                        form.add(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
                    }
                    tokenRequests.add(form);
                    String expected = "Basic "
                            + Base64.getEncoder()
                                    .encodeToString("client-1:s3cr%t"
                                            .replace("%", "%25")
                                            .getBytes(StandardCharsets.UTF_8));
                    if (!expected.equals(request.getHeader("authorization"))
                            || !"client_credentials".equals(form.get("grant_type"))) {
                        request.response().setStatusCode(401).end("{\"error\":\"invalid_client\"}");
                        return;
                    }
                    String token = "tok-" + tokensIssued.incrementAndGet();
                    validTokens.add(token);
                    request.response()
                            .putHeader("content-type", "application/json")
                            .end(new JsonObject()
                                    .put("access_token", token)
                                    .put("token_type", "Bearer")
                                    .put("expires_in", tokenLifetimeSeconds)
                                    .encode());
                }))
                .listen(0, "127.0.0.1"));
    }

    @AfterEach
    void tearDown() {
        Hook.get(tokenServer.close());
    }

    @Test
    void oauthTokenIsFetchedOnceCachedAndRefreshedAfterA401() {
        try (Hook hook = Hook.start(vertx, this::checkBearer)) {
            ConnectionClient connection = oauthConnection("client-1", "s3cr%t");
            WebhookTarget target = target(hook, connection);

            for (int i = 0; i < 5; i++) {
                assertEquals(Verdict.DELIVERED, deliver(target, "e" + i).verdict());
            }
            assertEquals(1, tokensIssued.get(), "one token for five deliveries");
            assertEquals("client_credentials", tokenRequests.get(0).get("grant_type"));
            assertEquals("events.write", tokenRequests.get(0).get("scope"));
            assertEquals("signalbox", tokenRequests.get(0).get("audience"));

            // The receiver revokes the token: the next delivery meets a 401, fetches a new token
            // and is sent again once with it.
            validTokens.remove("tok-1");
            assertEquals(Verdict.DELIVERED, deliver(target, "after-revoke").verdict());
            assertEquals(2, tokensIssued.get());
            List<Hook.Seen> seen = hook.seen();
            assertEquals("Bearer tok-1", seen.get(5).header("authorization"));
            assertEquals("Bearer tok-2", seen.get(6).header("authorization"));
            assertEquals(7, hook.requests());

            assertEquals(Verdict.DELIVERED, deliver(target, "cached-again").verdict());
            assertEquals(2, tokensIssued.get());
        }
    }

    @Test
    void aTokenIsRefreshedShortlyBeforeItExpires() {
        tokenLifetimeSeconds = 1; // refreshed a tenth of its life early: after 0.9 s
        try (Hook hook = Hook.start(vertx, this::checkBearer)) {
            WebhookTarget target = target(hook, oauthConnection("client-1", "s3cr%t"));
            deliver(target, "a");
            deliver(target, "b");
            assertEquals(1, tokensIssued.get());
            Promise<Void> later = Promise.promise();
            vertx.setTimer(950, id -> later.complete());
            Hook.get(later.future());
            assertEquals(Verdict.DELIVERED, deliver(target, "c").verdict());
            assertEquals(2, tokensIssued.get());
            assertEquals(3, hook.requests(), "no request was sent with an expired token");
        }
    }

    @Test
    void aRefusedClientIsRejectedWithoutCallingTheReceiver() {
        try (Hook hook = Hook.answering(vertx, 200)) {
            DeliveryOutcome outcome = deliver(target(hook, oauthConnection("client-1", "wrong")), "x");
            assertEquals(Verdict.REJECTED, outcome.verdict());
            assertEquals(Cause.FORBIDDEN, outcome.cause());
            assertTrue(outcome.error().contains("401"), outcome.error());
            assertEquals(0, hook.requests());
        }
    }

    @Test
    void aTokenEndpointOnAPrivateAddressIsNeverCalledWhenTheNodeForbidsThem() {
        try (Hook hook = Hook.answering(vertx, 200)) {
            ConnectionClient guarded =
                    oauthConnection("client-1", "s3cr%t", AddressCheck.system(vertx, new TargetAddressPolicy(false)));
            DeliveryOutcome outcome = deliver(target(hook, guarded), "x");
            assertEquals(Verdict.REJECTED, outcome.verdict(), outcome.error());
            assertEquals(Cause.FORBIDDEN, outcome.cause());
            assertTrue(outcome.error().contains("127.0.0.1"), outcome.error());
            assertEquals(0, tokenRequests.size(), "the token endpoint was not called");
            assertEquals(0, hook.requests());
        }
    }

    @Test
    void aStill401AfterTheRefreshIsRejected() {
        try (Hook hook = Hook.answering(vertx, 401)) {
            DeliveryOutcome outcome = deliver(target(hook, oauthConnection("client-1", "s3cr%t")), "x");
            assertEquals(Verdict.REJECTED, outcome.verdict());
            assertEquals(401, outcome.statusCode());
            assertEquals(2, hook.requests(), "one retry with a fresh token, no more");
            assertEquals(2, tokensIssued.get());
        }
    }

    @Test
    void basicAuthApiKeyHeadersAndQueryParameters() {
        try (Hook hook = Hook.answering(vertx, 200)) {
            Connection basic = new Connection(
                    "basic",
                    new Authorization.Basic("ana", "pä:ss"),
                    Map.of("x-tenant", "acme"),
                    Map.of("team", "a b&c"));
            deliver(
                    target(hook, new ConnectionClient(basic, vertx.createHttpClient(), Duration.ofSeconds(5), open())),
                    "1");
            Connection key = new Connection("key", new Authorization.ApiKey("x-api-key", "k-123"), Map.of(), Map.of());
            deliver(
                    target(hook, new ConnectionClient(key, vertx.createHttpClient(), Duration.ofSeconds(5), open())),
                    "2");

            Hook.Seen first = hook.seen().get(0);
            assertEquals(
                    "Basic " + Base64.getEncoder().encodeToString("ana:pä:ss".getBytes(StandardCharsets.UTF_8)),
                    first.header("authorization"));
            assertEquals("acme", first.header("x-tenant"));
            assertEquals("/hook?team=a+b%26c", first.uri());
            Hook.Seen second = hook.seen().get(1);
            assertEquals("k-123", second.header("x-api-key"));
            assertEquals(null, second.header("authorization"));
        }
    }

    @Test
    void queryParametersJoinTheUrlsOwn() {
        Connection connection = new Connection("q", new Authorization.None(), Map.of(), Map.of("b", "2"));
        ConnectionClient client =
                new ConnectionClient(connection, vertx.createHttpClient(), Duration.ofSeconds(1), open());
        assertEquals(
                URI.create("https://h.example/p?a=1&b=2#f"), client.withQuery(URI.create("https://h.example/p?a=1#f")));
        assertEquals(URI.create("https://h.example/p?b=2"), client.withQuery(URI.create("https://h.example/p")));
    }

    private Reply checkBearer(int n, Hook.Seen request) {
        String auth = request.header("authorization");
        boolean isValid = auth != null && auth.startsWith("Bearer ") && validTokens.contains(auth.substring(7));
        return Reply.status(isValid ? 200 : 401);
    }

    private ConnectionClient oauthConnection(String clientId, String secret) {
        return oauthConnection(clientId, secret, open());
    }

    private AddressCheck open() {
        return AddressCheck.system(vertx, new TargetAddressPolicy(true));
    }

    private ConnectionClient oauthConnection(String clientId, String secret, AddressCheck addresses) {
        OAuth2ClientCredentials oauth = new OAuth2ClientCredentials(
                URI.create("http://127.0.0.1:" + tokenServer.actualPort() + "/token"),
                clientId,
                secret,
                Optional.of("events.write"),
                Map.of("audience", "signalbox"));
        return new ConnectionClient(
                new Connection("oauth", oauth, Map.of(), Map.of()),
                vertx.createHttpClient(),
                Duration.ofSeconds(5),
                addresses);
    }

    private WebhookTarget target(Hook hook, ConnectionClient connection) {
        WebhookEndpoint endpoint = new WebhookEndpoint(
                vertx,
                vertx.createHttpClient(),
                hook.uri(),
                Duration.ofSeconds(5),
                AddressCheck.system(vertx, new TargetAddressPolicy(true)),
                () -> Optional.of(connection),
                Optional.empty());
        return new WebhookTarget("t", DeliveryMode.BINARY, endpoint);
    }

    private DeliveryOutcome deliver(WebhookTarget target, String id) {
        return Hook.await(context, () -> target.deliver(TestEvents.minimal(id)));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
