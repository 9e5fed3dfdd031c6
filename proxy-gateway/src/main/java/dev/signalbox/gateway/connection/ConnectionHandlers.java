package dev.signalbox.gateway.connection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.connectors.auth.Authorization.OAuth2ClientCredentials;
import dev.signalbox.gateway.bus.Names;
import dev.signalbox.gateway.http.Json;
import dev.signalbox.gateway.http.Replies;
import dev.signalbox.gateway.http.TargetGuard;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * {@code PUT/GET/DELETE /v1/connections/{name}} and {@code GET /v1/connections}. Secrets go in
 * and never come out: every answer shows them as {@code "****"}. Thread-safe.
 */
public final class ConnectionHandlers {

    private final ConnectionCatalog connections;
    private final Predicate<String> isInUse;
    private final Clock clock;
    private final TargetGuard guard;

    /**
     * @param isInUse whether a rule's target refers to the named connection
     * @param guard refuses an OAuth token endpoint on a private address, as it does targets
     */
    public ConnectionHandlers(
            ConnectionCatalog connections, Predicate<String> isInUse, Clock clock, TargetGuard guard) {
        this.connections = connections;
        this.isInUse = isInUse;
        this.clock = clock;
        this.guard = guard;
    }

    public void put(RoutingContext ctx) {
        String name = Names.require("connection", ctx.pathParam("name"));
        ConnectionDefinition input = ConnectionJson.read(name, Json.body(ctx), clock.instant());
        Future<Void> checked = input.connection().authorization() instanceof OAuth2ClientCredentials oauth
                ? guard.checkUrl(oauth.tokenUrl(), "/authorization/tokenUrl")
                : Future.succeededFuture();
        Replies.after(
                ctx,
                checked.compose(v -> connections.put(input)),
                put -> Json.send(ctx, put.isCreated() ? 201 : 200, ConnectionJson.write(put.value())));
    }

    public void get(RoutingContext ctx) {
        Json.send(ctx, 200, ConnectionJson.write(connections.require(ctx.pathParam("name"))));
    }

    public void list(RoutingContext ctx) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode array = answer.putArray("connections");
        connections.list().forEach(c -> array.add(ConnectionJson.write(c)));
        Json.send(ctx, 200, answer);
    }

    public void delete(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Replies.after(ctx, connections.delete(name, isInUse), deleted -> {
            if (deleted) {
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.fail(ConnectionCatalog.notFound(name));
            }
        });
    }
}
