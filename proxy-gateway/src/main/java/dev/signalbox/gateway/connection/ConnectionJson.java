package dev.signalbox.gateway.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.connectors.auth.Authorization;
import dev.signalbox.connectors.auth.Authorization.ApiKey;
import dev.signalbox.connectors.auth.Authorization.Basic;
import dev.signalbox.connectors.auth.Authorization.OAuth2ClientCredentials;
import dev.signalbox.connectors.auth.Connection;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.auth.SecretBox;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads connections from their JSON form and writes them back in two forms: the API's, where
 * every secret is {@code "****"}, and the stored one, where every secret is sealed by the node's
 * {@link SecretBox}. Reading reports every problem at once with its JSON Pointer. Stateless.
 *
 * <pre>
 * {"description"?: "…",
 *  "authorization": {"type": "basic", "username", "password"}
 *                 | {"type": "apiKey", "header", "value"}
 *                 | {"type": "oauth2", "tokenUrl", "clientId", "clientSecret", "scope"?, "parameters"?: {…}}
 *                 | {"type": "none"},
 *  "headers"?: {"name": "value"}, "queryParameters"?: {"name": "value"}}
 * </pre>
 */
public final class ConnectionJson {

    static final String MASK = "****";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    private static final Set<String> RESERVED_HEADERS =
            Set.of("host", "content-type", "content-length", "transfer-encoding", "connection");
    private static final int MAX_ENTRIES = 20;
    private static final int MAX_VALUE = 4096;
    private static final int MAX_PORT = 65535;
    private static final Set<String> FIELDS = Set.of("description", "authorization", "headers", "queryParameters");

    private ConnectionJson() {}

    /** A connection from a {@code PUT /v1/connections/{name}} body (secrets in clear). */
    public static ConnectionDefinition read(String name, JsonNode body, Instant now) {
        return read(name, body, now, UnaryOperator.identity());
    }

    /** A connection from its stored form, opening its sealed secrets. */
    static ConnectionDefinition readStored(JsonNode stored, SecretBox box) {
        ObjectNode copy = ((ObjectNode) stored).deepCopy();
        String name = copy.remove("name").textValue();
        Instant created = Instant.parse(copy.remove("createdAt").textValue());
        return read(name, copy, created, box::open);
    }

    private static ConnectionDefinition read(String name, JsonNode body, Instant now, UnaryOperator<String> secret) {
        List<Violation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new Violation("", "must be a JSON object")));
        }
        unknownFields(body, FIELDS, "", violations);
        Optional<String> description = text(body, "description", "", false, violations);
        if (description.isPresent() && description.get().length() > 512) {
            violations.add(new Violation("/description", "must be at most 512 characters"));
        }
        Authorization authorization = readAuthorization(body.get("authorization"), secret, violations);
        Map<String, String> headers = readMap(body.get("headers"), "/headers", true, violations);
        Map<String, String> query = readMap(body.get("queryParameters"), "/queryParameters", false, violations);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return new ConnectionDefinition(
                new Connection(name, authorization, headers, query), description.filter(d -> !d.isEmpty()), now);
    }

    private static Authorization readAuthorization(
            JsonNode node, UnaryOperator<String> secret, List<Violation> violations) {
        String at = "/authorization";
        if (node == null || !node.isObject()) {
            violations.add(new Violation(at, "is required: an object with a \"type\""));
            return new Authorization.None();
        }
        String type = text(node, "type", at, true, violations).orElse("");
        switch (type) {
            case "none" -> {
                unknownFields(node, Set.of("type"), at, violations);
                return new Authorization.None();
            }
            case "basic" -> {
                unknownFields(node, Set.of("type", "username", "password"), at, violations);
                String user = text(node, "username", at, true, violations).orElse("");
                if (user.contains(":")) {
                    violations.add(new Violation(at + "/username", "must not contain ':' (RFC 7617)"));
                }
                String password = secretText(node, "password", at, secret, violations);
                return new Basic(user, password);
            }
            case "apiKey" -> {
                unknownFields(node, Set.of("type", "header", "value"), at, violations);
                String header = text(node, "header", at, true, violations).orElse("x-api-key");
                checkHeaderName(header, at + "/header", violations);
                // A header value with control characters fails every delivery, and the HTTP
                // client's error (kept in the timeline and dead letters) would quote the secret.
                JsonNode value = node.path("value");
                if (value.isTextual()) {
                    headerValueProblem(value.textValue(), false)
                            .ifPresent(problem ->
                                    violations.add(new Violation(at + "/value", "(header " + header + ") " + problem)));
                }
                return new ApiKey(header, secretText(node, "value", at, secret, violations));
            }
            case "oauth2" -> {
                unknownFields(
                        node,
                        Set.of("type", "tokenUrl", "clientId", "clientSecret", "scope", "parameters"),
                        at,
                        violations);
                URI tokenUrl = readTokenUrl(text(node, "tokenUrl", at, true, violations), at + "/tokenUrl", violations);
                String clientId = text(node, "clientId", at, true, violations).orElse("");
                String clientSecret = secretText(node, "clientSecret", at, secret, violations);
                Optional<String> scope = text(node, "scope", at, false, violations);
                Map<String, String> parameters = readMap(node.get("parameters"), at + "/parameters", false, violations);
                for (String reserved : List.of("grant_type", "client_id", "client_secret", "scope")) {
                    if (parameters.containsKey(reserved)) {
                        violations.add(
                                new Violation(at + "/parameters/" + reserved, "is set by the connection itself"));
                    }
                }
                return new OAuth2ClientCredentials(tokenUrl, clientId, clientSecret, scope, parameters);
            }
            default -> {
                if (!type.isEmpty()) {
                    violations.add(new Violation(
                            at + "/type",
                            "must be \"basic\", \"apiKey\", \"oauth2\" or \"none\", not \"" + type + "\""));
                }
                return new Authorization.None();
            }
        }
    }

    private static URI readTokenUrl(Optional<String> text, String at, List<Violation> violations) {
        if (text.isEmpty()) {
            return URI.create("http://invalid.invalid/");
        }
        try {
            URI url = new URI(text.get());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || url.getHost() == null) {
                violations.add(new Violation(at, "must be an http or https URL with a host"));
            } else if (url.getPort() == 0 || url.getPort() > MAX_PORT) {
                violations.add(
                        new Violation(at, "has the port " + url.getPort() + "; a port must be 1 to " + MAX_PORT));
            }
            return url;
        } catch (URISyntaxException e) {
            violations.add(new Violation(at, "is not a valid URL: " + e.getReason()));
            return URI.create("http://invalid.invalid/");
        }
    }

    private static String secretText(
            JsonNode node, String field, String at, UnaryOperator<String> secret, List<Violation> violations) {
        Optional<String> value = text(node, field, at, true, violations);
        if (value.isPresent() && (value.get().isEmpty() || value.get().equals(MASK))) {
            violations.add(new Violation(at + "/" + field, "must be the secret itself (it is never shown back)"));
        }
        return value.map(secret).orElse("");
    }

    private static Map<String, String> readMap(
            JsonNode node, String at, boolean isHeaders, List<Violation> violations) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject() || node.size() > MAX_ENTRIES) {
            violations.add(new Violation(at, "must be an object of at most " + MAX_ENTRIES + " string members"));
            return map;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String pointer = at + "/" + Violation.escape(entry.getKey());
            if (!entry.getValue().isTextual() || entry.getValue().textValue().length() > MAX_VALUE) {
                violations.add(new Violation(pointer, "must be a string of at most " + MAX_VALUE + " characters"));
                continue;
            }
            String value = entry.getValue().textValue();
            if (isHeaders) {
                checkHeaderName(entry.getKey(), pointer, violations);
                headerValueProblem(value, true)
                        .ifPresent(problem ->
                                violations.add(new Violation(pointer, "(header " + entry.getKey() + ") " + problem)));
            }
            map.put(entry.getKey(), value);
        }
        return map;
    }

    /**
     * What makes the text unfit for an HTTP header value, if anything: line breaks and control
     * characters (tab aside) would end or break the header, and a character above U+00FF
     * cannot be sent at all: the HTTP client writes header values as ISO-8859-1 and turned each
     * into '?' without a word (RFC 9110 5.5 keeps header values to visible ASCII and obs-text).
     * A secret's characters are not quoted back.
     */
    private static Optional<String> headerValueProblem(String value, boolean mayQuote) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return Optional.of("must not contain line breaks or control characters (index " + i + ")");
            }
            if (c > 0xff) {
                int codePoint = value.codePointAt(i);
                String which = mayQuote
                        ? String.format("'%s' (U+%04X)", new String(Character.toChars(codePoint)), codePoint)
                        : "a character";
                return Optional.of("has " + which + " at index " + i + "; header values may only hold ISO-8859-1"
                        + " characters (U+0000-U+00FF), percent-encode or base64 the rest");
            }
        }
        return Optional.empty();
    }

    private static void checkHeaderName(String name, String at, List<Violation> violations) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!HEADER_NAME.matcher(name).matches()) {
            violations.add(new Violation(at, "is not a valid header name"));
        } else if (RESERVED_HEADERS.contains(lower) || lower.startsWith("ce-") || lower.startsWith("webhook-")) {
            violations.add(new Violation(at, "is set by the delivery itself and cannot be given"));
        }
    }

    /** The API form: every secret shown as {@code "****"}. */
    public static ObjectNode write(ConnectionDefinition definition) {
        return write(definition, s -> MASK);
    }

    /** The stored form: every secret sealed. */
    static ObjectNode writeStored(ConnectionDefinition definition, SecretBox box) {
        return write(definition, box::seal);
    }

    private static ObjectNode write(ConnectionDefinition definition, UnaryOperator<String> secret) {
        Connection connection = definition.connection();
        ObjectNode json = NODES.objectNode().put("name", connection.name());
        json.put("description", definition.description().orElse(""));
        ObjectNode auth = json.putObject("authorization");
        Authorization authorization = connection.authorization();
        if (authorization instanceof Basic basic) {
            auth.put("type", "basic").put("username", basic.username()).put("password", secret.apply(basic.password()));
        } else if (authorization instanceof ApiKey key) {
            auth.put("type", "apiKey").put("header", key.header()).put("value", secret.apply(key.value()));
        } else if (authorization instanceof OAuth2ClientCredentials oauth) {
            auth.put("type", "oauth2")
                    .put("tokenUrl", oauth.tokenUrl().toString())
                    .put("clientId", oauth.clientId())
                    .put("clientSecret", secret.apply(oauth.clientSecret()));
            oauth.scope().ifPresent(scope -> auth.put("scope", scope));
            if (!oauth.extraParameters().isEmpty()) {
                ObjectNode parameters = auth.putObject("parameters");
                oauth.extraParameters().forEach(parameters::put);
            }
        } else {
            auth.put("type", "none");
        }
        ObjectNode headers = json.putObject("headers");
        connection.headers().forEach(headers::put);
        ObjectNode query = json.putObject("queryParameters");
        connection.queryParameters().forEach(query::put);
        json.put("createdAt", definition.createdAt().toString());
        return json;
    }

    private static void unknownFields(JsonNode object, Set<String> known, String at, List<Violation> violations) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(at + "/" + Violation.escape(name), "is not a known field"));
            }
        }
    }

    private static Optional<String> text(
            JsonNode object, String field, String at, boolean isRequired, List<Violation> violations) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            if (isRequired) {
                violations.add(new Violation(at + "/" + field, "is required"));
            }
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().length() > MAX_VALUE) {
            violations.add(new Violation(at + "/" + field, "must be a string of at most " + MAX_VALUE + " characters"));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    private static SignalboxException invalid(List<Violation> violations) {
        return new SignalboxException(
                ErrorType.REQUEST_INVALID, "The connection has " + violations.size() + " problem(s).", violations);
    }
}
