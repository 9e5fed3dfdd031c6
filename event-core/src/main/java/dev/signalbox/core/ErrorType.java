package dev.signalbox.core;

/**
 * The catalogue of error types; each becomes an RFC 9457 problem (type {@code
 * "urn:signalbox:problem:" + code}).
 *
 * <p>Threading: an enum of constants, safe to share between threads. The codes are a public
 * contract (clients switch on them), so a constant is never renamed, only added.
 */
public enum ErrorType {
    REQUEST_MALFORMED("request.malformed", "Malformed request body", 400, "INVALID_ARGUMENT"),
    REQUEST_INVALID("request.invalid", "Invalid request", 400, "INVALID_ARGUMENT"),
    /** A control-plane body with a key twice in one JSON object; {@code errors[]} points at the second. */
    REQUEST_DUPLICATE_KEY("request.duplicate-key", "Duplicate key in a JSON object", 400, "INVALID_ARGUMENT"),
    EVENT_MALFORMED("event.malformed", "Malformed CloudEvent", 400, "INVALID_ARGUMENT"),
    EVENT_INVALID("event.invalid", "Invalid CloudEvent", 400, "INVALID_ARGUMENT"),
    EVENT_TOO_LARGE("event.too-large", "CloudEvent too large", 413, "RESOURCE_EXHAUSTED"),
    BATCH_TOO_LARGE("batch.too-large", "Batch too large", 413, "RESOURCE_EXHAUSTED"),
    /** A control-plane call (buses, rules, schemas, connections, ...) whose body is over the limit. */
    REQUEST_TOO_LARGE("request.too-large", "Request body too large", 413, "RESOURCE_EXHAUSTED"),
    HEADERS_TOO_LARGE("request.headers-too-large", "Request headers too large", 431, "RESOURCE_EXHAUSTED"),
    URI_TOO_LONG("request.uri-too-long", "Request URI too long", 414, "INVALID_ARGUMENT"),
    MEDIA_TYPE_UNSUPPORTED("media-type.unsupported", "Unsupported media type", 415, "INVALID_ARGUMENT"),
    /** A byte range (the console's files) that starts past the end or ends before it starts. */
    RANGE_NOT_SATISFIABLE("range.not-satisfiable", "Range not satisfiable", 416, "OUT_OF_RANGE"),
    AUTH_MISSING("auth.missing", "API key required", 401, "UNAUTHENTICATED"),
    AUTH_INVALID("auth.invalid", "API key not recognised", 401, "UNAUTHENTICATED"),
    AUTH_FORBIDDEN("auth.forbidden", "Not allowed for this API key", 403, "PERMISSION_DENIED"),
    BUS_NOT_FOUND("bus.not-found", "Bus not found", 404, "NOT_FOUND"),
    RULE_NOT_FOUND("rule.not-found", "Rule not found", 404, "NOT_FOUND"),
    EVENT_NOT_FOUND("event.not-found", "Event not found", 404, "NOT_FOUND"),
    ROUTE_NOT_FOUND("route.not-found", "No such resource", 404, "UNIMPLEMENTED"),
    METHOD_NOT_ALLOWED("method.not-allowed", "Method not allowed", 405, "UNIMPLEMENTED"),
    PATTERN_INVALID("pattern.invalid", "Invalid event pattern", 400, "INVALID_ARGUMENT"),
    TARGET_INVALID("target.invalid", "Invalid target", 400, "INVALID_ARGUMENT"),
    TARGET_FORBIDDEN("target.forbidden", "Target address not allowed", 400, "PERMISSION_DENIED"),
    RATE_LIMITED("rate.limited", "Rate limit exceeded, retry later", 429, "RESOURCE_EXHAUSTED"),
    STORE_BUSY("store.busy", "Store busy, retry later", 503, "UNAVAILABLE"),
    STORE_FAILED("store.failed", "Store could not persist the event", 503, "UNAVAILABLE"),
    NOT_READY("node.not-ready", "Node not ready", 503, "UNAVAILABLE"),
    INTERNAL("internal", "Internal error", 500, "INTERNAL"),
    TRANSFORM_INVALID("transform.invalid", "Invalid target transform", 400, "INVALID_ARGUMENT"),
    REGISTRY_NOT_FOUND("registry.not-found", "Schema registry not found", 404, "NOT_FOUND"),
    SCHEMA_NOT_FOUND("schema.not-found", "Schema not found", 404, "NOT_FOUND"),
    SCHEMA_VERSION_NOT_FOUND("schema.version-not-found", "Schema version not found", 404, "NOT_FOUND"),
    SCHEMA_INVALID("schema.invalid", "Invalid JSON Schema", 400, "INVALID_ARGUMENT"),
    SCHEMA_INCOMPATIBLE("schema.incompatible", "Schema incompatible with earlier versions", 409, "FAILED_PRECONDITION"),
    REGISTRY_IN_USE("registry.in-use", "Schema registry in use by a bus", 409, "FAILED_PRECONDITION"),
    SCHEMA_IN_USE("schema.in-use", "Schema in use by a bus", 409, "FAILED_PRECONDITION"),
    EVENT_SCHEMA_VIOLATION("event.schema-violation", "Event data does not match its schema", 422, "INVALID_ARGUMENT"),
    EVENT_DATA_TOO_DEEP(
            "event.data-too-deep", "Event data nested too deeply to check against its schema", 422, "INVALID_ARGUMENT"),
    /**
     * Data that claims JSON and cannot be read as JSON (not JSON, or nested past the bound every
     * document is read with), asked for by something that needs it: a target's transform that
     * reads {@code data} dead-letters with this reason (reason {@code rejected}).
     */
    EVENT_DATA_UNREADABLE(
            "event.data-unreadable", "Event data claims JSON but is not readable JSON", 422, "INVALID_ARGUMENT"),
    EVENT_SCHEMA_UNKNOWN(
            "event.schema-unknown", "Event names a schema version the registry does not hold", 422, "INVALID_ARGUMENT"),
    DEAD_LETTER_NOT_FOUND("dead-letter.not-found", "Dead letter not found", 404, "NOT_FOUND"),
    CONNECTION_NOT_FOUND("connection.not-found", "Connection not found", 404, "NOT_FOUND"),
    CONNECTION_IN_USE("connection.in-use", "Connection in use by a target", 409, "FAILED_PRECONDITION"),
    TARGET_VALIDATION_FAILED(
            "target.validation-failed", "Target refused the webhook validation handshake", 422, "FAILED_PRECONDITION");

    private static final String TYPE_PREFIX = "urn:signalbox:problem:";

    private final String code;
    private final String title;
    private final int httpStatus;
    private final String grpcStatus;

    ErrorType(String code, String title, int httpStatus, String grpcStatus) {
        this.code = code;
        this.title = title;
        this.httpStatus = httpStatus;
        this.grpcStatus = grpcStatus;
    }

    /** The stable code, e.g. {@code pattern.invalid}; also the tail of {@link #typeUri()}. */
    public String code() {
        return code;
    }

    /** A short human title; the same for every occurrence (RFC 9457 {@code title}). */
    public String title() {
        return title;
    }

    /** The HTTP status code of the problem. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The name of the gRPC status code ({@code io.grpc.Status.Code} constant name). */
    public String grpcStatus() {
        return grpcStatus;
    }

    /** The RFC 9457 problem {@code type}: {@code urn:signalbox:problem:<code>}. */
    public String typeUri() {
        return TYPE_PREFIX + code;
    }
}
