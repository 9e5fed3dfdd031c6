package dev.signalbox.gateway.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/** The gateway's JSON reading and writing, with parse errors that say where. Thread-safe. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    /** The request body as JSON; a missing or malformed body is a {@code request.malformed} problem. */
    public static JsonNode body(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new SignalboxException(ErrorType.REQUEST_MALFORMED, "The request needs a JSON body.");
        }
        try {
            return MAPPER.readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            throw new SignalboxException(ErrorType.REQUEST_MALFORMED, "The body is not valid JSON: " + where(e));
        } catch (IOException e) {
            throw new SignalboxException(ErrorType.REQUEST_MALFORMED, "The body could not be read as JSON.");
        }
    }

    static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage();
        return at == null ? message : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    public static Buffer bytes(JsonNode node) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** A string as a JSON string literal, escaped. */
    public static Buffer quoted(String value) {
        if (isPlain(value)) {
            // The usual event id: printable ASCII with nothing to escape. Skips a Jackson generator.
            return Buffer.buffer(value.length() + 2)
                    .appendByte((byte) '"')
                    .appendString(value)
                    .appendByte((byte) '"');
        }
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    private static boolean isPlain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    public static void send(RoutingContext ctx, int status, JsonNode node) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(bytes(node));
    }
}
