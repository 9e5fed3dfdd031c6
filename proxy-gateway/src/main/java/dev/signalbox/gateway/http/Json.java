package dev.signalbox.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The gateway's JSON reading and writing, with parse errors that say where. Thread-safe. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * Control-plane bodies (buses, rules, targets, schemas, connections, pattern tests, redrives)
     * refuse a key given twice in one object: RFC 8259 leaves such an object's meaning to the
     * reader, and Jackson's default (the last one wins) silently dropped one of the two settings.
     * Events are read elsewhere (event-core's StructuredReader, which refuses a repeated attribute
     * on its own and keeps {@code data} as posted), so the ingest path pays nothing for this.
     */
    private static final ObjectReader CONTROL_PLANE =
            MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    /** Jackson's message for a repeated key, from its duplicate detector. */
    private static final String DUPLICATE = "Duplicate field '";

    private Json() {}

    /**
     * The request body as JSON; a missing or malformed body is a {@code request.malformed} problem,
     * a key twice in one object a {@code request.duplicate-key} one pointing at the second.
     */
    public static JsonNode body(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new SignalboxException(ErrorType.REQUEST_MALFORMED, "The request needs a JSON body.");
        }
        try {
            return CONTROL_PLANE.readTree(body.getBytes());
        } catch (StreamReadException e) {
            if (e.getOriginalMessage() != null
                    && e.getOriginalMessage().startsWith(DUPLICATE)
                    && e.getProcessor() != null) {
                throw duplicateKey(e, e.getProcessor());
            }
            throw new SignalboxException(ErrorType.REQUEST_MALFORMED, "The body is not valid JSON: " + where(e));
        } catch (JsonProcessingException e) {
            throw new SignalboxException(ErrorType.REQUEST_MALFORMED, "The body is not valid JSON: " + where(e));
        } catch (IOException e) {
            throw new SignalboxException(ErrorType.REQUEST_MALFORMED, "The body could not be read as JSON.");
        }
    }

    private static SignalboxException duplicateKey(StreamReadException e, JsonParser parser) {
        // The parser's context already names the repeated key: its path is the second one's.
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        String key = parser.getParsingContext().getCurrentName();
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new SignalboxException(
                ErrorType.REQUEST_DUPLICATE_KEY,
                "The body gives the key '" + key + "' twice in one object" + where + "; each key may appear once.",
                List.of(new Violation(pointer, "repeats a key of its object; each key may appear once")));
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
            throw new IllegalStateException("the JSON tree could not be written", e);
        }
    }

    /**
     * The object {@code members} with one more member, {@code name}, whose value is a JSON document
     * written elsewhere (a stored event, {@code StructuredEvents.write}), spliced in as it is. The
     * document is never read back into a tree: binary-mode data may nest up to the 1,000 levels a
     * JSON document may, and a tree of the event (one level more) or the answer around it (two)
     * would pass the bound Jackson reads and writes trees to, which failed these answers with a 500.
     */
    public static Buffer withMember(ObjectNode members, String name, byte[] document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(document.length + 256);
        try (JsonGenerator generator = MAPPER.createGenerator(out)) {
            generator.writeStartObject();
            for (Map.Entry<String, JsonNode> member : members.properties()) {
                generator.writeFieldName(member.getKey());
                generator.writeTree(member.getValue());
            }
            generator.writeFieldName(name);
            generator.writeRawValue(new String(document, StandardCharsets.UTF_8));
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return Buffer.buffer(out.toByteArray());
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
        send(ctx, status, bytes(node));
    }

    public static void send(RoutingContext ctx, int status, Buffer json) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(json);
    }
}
