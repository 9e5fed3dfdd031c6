package dev.signalbox.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The CloudEvents JSON event format ({@code application/cloudevents+json}), both ways.
 *
 * <p>Stateless and thread-safe. Parsing validates: what comes out is always a valid {@link
 * Event}. Every failure is a {@link SignalboxException}: {@link ErrorType#EVENT_MALFORMED} when
 * the bytes are not a JSON object (the detail says where), {@link ErrorType#EVENT_INVALID} with
 * every violation otherwise.
 */
public final class StructuredEvents {
    private StructuredEvents() {}

    /**
     * Parses application/cloudevents+json bytes (must be a JSON object) into an Event, validated.
     *
     * <p>Malformed JSON gives {@code EVENT_MALFORMED} whose detail says line and column; a value
     * that is not an object gives {@code EVENT_MALFORMED}; an invalid event gives {@code
     * EVENT_INVALID} listing every violation. {@code data} with a JSON content type (or none)
     * becomes the exact raw bytes of the member as posted; {@code data} as a JSON string with a
     * non-JSON content type becomes the string's UTF-8 bytes; {@code data_base64} is decoded.
     * Attribute values that are objects or arrays are violations; a JSON {@code null} attribute is
     * treated as absent.
     */
    public static Event parse(byte[] json) {
        return StructuredReader.read(json);
    }

    /**
     * Parses one JSON object node of a batch ({@code application/cloudevents-batch+json}) the
     * same way as {@link #parse(byte[])}; the data bytes are the compact serialization of the data
     * node, since the raw text of a node is gone.
     */
    /**
     * Parses an {@code application/cloudevents-batch+json} body in one pass, entry by entry, as
     * {@link #parse(byte[])} parses one event: data kept as the exact bytes posted, each entry
     * validated on its own. An entry that is not an object, is invalid, or is larger than {@code
     * maxEventBytes} becomes that entry's error; the batch as a whole fails only when it is not
     * well-formed JSON, not an array ({@code event.malformed}), or has more than {@code
     * maxEntries} entries ({@code batch.too-large}).
     */
    public static List<BatchEntry> parseBatch(byte[] json, int maxEntries, int maxEventBytes) {
        return StructuredReader.readBatch(json, maxEntries, maxEventBytes);
    }

    public static Event parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            String kind = node == null ? "missing" : node.getNodeType().name().toLowerCase();
            String detail = "A structured-mode CloudEvent must be a JSON object, not " + kind + ".";
            throw new SignalboxException(ErrorType.EVENT_MALFORMED, detail, List.of(new Violation("", detail)));
        }
        EventAssembler assembler = new EventAssembler();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            readMember(assembler, member.getKey(), member.getValue());
        }
        return assembler.build();
    }

    /**
     * The structured-mode JSON of an event: attributes in order with their JSON types; data
     * embedded raw when {@link Event#hasJsonData()} and the bytes are one valid JSON value, as a
     * JSON string when the content type is text ({@code text/*}, XML) and the bytes are UTF-8,
     * else as {@code data_base64}. Parsing the output gives back an equal event, except that
     * whitespace around embedded JSON data (e.g. a trailing newline posted in binary mode) is
     * dropped.
     */
    public static byte[] write(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.dataLength() * 4 / 3);
        try (JsonGenerator generator = Json.FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
                writeAttribute(generator, attribute.getKey(), attribute.getValue());
            }
            writeData(generator, event);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void readMember(EventAssembler assembler, String name, JsonNode value) {
        switch (name) {
            case "data" -> {
                if (!value.isNull()) {
                    String text = value.isTextual() ? value.textValue() : null;
                    assembler.data(new EventAssembler.DataMember(compact(value), text));
                }
            }
            case "data_base64" -> {
                if (value.isTextual()) {
                    assembler.dataBase64(value.textValue());
                } else if (!value.isNull()) {
                    assembler.rejectDataBase64(kind(value));
                }
            }
            default -> readAttribute(assembler, name, value);
        }
    }

    private static void readAttribute(EventAssembler assembler, String name, JsonNode value) {
        if (value.isTextual()) {
            assembler.attribute(name, value.textValue());
        } else if (value.isBoolean()) {
            assembler.attribute(name, value.booleanValue());
        } else if (value.isIntegralNumber() && value.canConvertToInt()) {
            assembler.attribute(name, value.intValue());
        } else if (value.isNumber()) {
            assembler.rejectNumber(name, value.asText());
        } else if (!value.isNull() && !value.isMissingNode()) {
            assembler.rejectStructure(name, kind(value));
        }
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "a " + value.getNodeType().name().toLowerCase();
        };
    }

    private static byte[] compact(JsonNode value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the data node cannot be serialized: " + e.getOriginalMessage(), e);
        }
    }

    private static void writeAttribute(JsonGenerator generator, String name, Object value) throws IOException {
        if (value instanceof Boolean flag) {
            generator.writeBooleanField(name, flag);
        } else if (value instanceof Integer number) {
            generator.writeNumberField(name, number);
        } else {
            generator.writeStringField(name, String.valueOf(value));
        }
    }

    /**
     * Whether the event's data is embedded as JSON by {@link #write}: JSON by its content type or
     * by the CloudEvents default (no content type), and one valid JSON value. A binary-mode
     * delivery of such an event without a {@code datacontenttype} says so in its
     * {@code Content-Type}.
     */
    public static boolean embedsJsonData(Event event) {
        byte[] data = event.dataUnsafe();
        if (data == null || !event.hasJsonData()) {
            return false;
        }
        String text = strictUtf8(data);
        return text != null && Json.isSingleValue(text);
    }

    private static void writeData(JsonGenerator generator, Event event) throws IOException {
        byte[] data = event.dataUnsafe();
        if (data == null) {
            return;
        }
        String text = strictUtf8(data);
        if (text != null && event.hasJsonData() && Json.isSingleValue(text)) {
            // Whitespace around the value cannot survive embedding (a reader slices from the
            // value's first token to its last), so it is dropped here rather than silently later.
            generator.writeFieldName("data");
            generator.writeRawValue(text.strip());
        } else if (text != null
                && event.dataContentType().map(MediaTypes::isText).orElse(false)) {
            generator.writeStringField("data", text);
        } else {
            generator.writeStringField("data_base64", Base64.getEncoder().encodeToString(data));
        }
    }

    /** The bytes as text when they are well-formed UTF-8, else {@code null}. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
