package dev.signalbox.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams an {@code application/cloudevents+json} body into an {@link EventAssembler}.
 *
 * <p>Single use, confined to the calling thread. It streams rather than building a tree so that
 * the {@code data} member can be cut out of the input by byte offsets: the consumer of a JSON
 * event receives exactly the bytes the producer posted (whitespace, number spelling, key order),
 * which a parse and re-serialization would not preserve.
 */
final class StructuredReader {
    private final byte[] input;
    private final JsonParser parser;
    private EventAssembler assembler = new EventAssembler();

    private StructuredReader(byte[] input, JsonParser parser) {
        this.input = input;
        this.parser = parser;
    }

    /** Parses and validates; see {@link StructuredEvents#parse(byte[])}. */
    static Event read(byte[] input) {
        try (JsonParser parser = Json.FACTORY.createParser(input)) {
            return new StructuredReader(input, parser).readEvent();
        } catch (JsonProcessingException e) {
            throw malformed("The body is not valid JSON" + Json.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array cannot fail", e);
        }
    }

    /** Parses a batch; see {@link StructuredEvents#parseBatch(byte[], int, int)}. */
    static List<BatchEntry> readBatch(byte[] input, int maxEntries, int maxEventBytes) {
        try (JsonParser parser = Json.FACTORY.createParser(input)) {
            return new StructuredReader(input, parser).readEntries(maxEntries, maxEventBytes);
        } catch (JsonProcessingException e) {
            throw malformed("The batch is not valid JSON" + Json.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array cannot fail", e);
        }
    }

    private List<BatchEntry> readEntries(int maxEntries, int maxEventBytes) throws IOException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_ARRAY) {
            throw malformed("A batch must be a JSON array of CloudEvents, not "
                    + (first == null ? "an empty body" : describe(first)) + ".");
        }
        List<BatchEntry> entries = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (entries.size() == maxEntries) {
                throw new SignalboxException(
                        ErrorType.BATCH_TOO_LARGE,
                        "The batch has " + countFrom(token, maxEntries) + " entries; this bus accepts at most "
                                + maxEntries + " per request (limits.maxBatchEntries).");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            if (token != JsonToken.START_OBJECT) {
                entries.add(BatchEntry.failed(
                        malformed("A batch entry must be a JSON object, not " + skipAndDescribe(token) + ".")));
                continue;
            }
            assembler = new EventAssembler();
            readMembers();
            long size = parser.currentLocation().getByteOffset() - start;
            entries.add(size > maxEventBytes ? BatchEntry.failed(tooLarge(size, maxEventBytes)) : entry());
        }
        if (parser.nextToken() != null) {
            throw malformed("Unexpected content after the batch's closing bracket.");
        }
        return entries;
    }

    /**
     * How many entries the batch has, counting on from {@code token} (the first one over the
     * limit) without reading them, so the refusal says the actual size. The body is already
     * bounded by the request size limit; a malformed tail still counts what came before it.
     */
    private long countFrom(JsonToken token, int counted) throws IOException {
        long count = counted;
        try {
            for (JsonToken t = token; t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                parser.skipChildren();
                count++;
            }
        } catch (JsonProcessingException e) {
            // The entries so far are over the limit already: that is the answer the client needs.
        }
        return count;
    }

    private BatchEntry entry() {
        try {
            return BatchEntry.of(assembler.build());
        } catch (SignalboxException e) {
            return BatchEntry.failed(e);
        }
    }

    private static SignalboxException tooLarge(long size, int max) {
        return new SignalboxException(
                ErrorType.EVENT_TOO_LARGE,
                "The event is " + size + " bytes; this bus accepts events up to " + max
                        + " bytes (limits.maxEventBytes).");
    }

    private void readMembers() throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!assembler.firstSight(name)) {
                parser.skipChildren();
            } else {
                readMember(name, value);
            }
        }
    }

    private Event readEvent() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw malformed("The body is empty; a structured-mode CloudEvent is a JSON object.");
        }
        if (first != JsonToken.START_OBJECT) {
            throw malformed("A structured-mode CloudEvent must be a JSON object, not " + describe(first) + ".");
        }
        readMembers();
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            var at = parser.currentTokenLocation();
            throw malformed("Unexpected content after the JSON object at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ".");
        }
        return assembler.build();
    }

    private void readMember(String name, JsonToken value) throws IOException {
        switch (name) {
            case "data" -> readData(value);
            case "data_base64" -> readDataBase64(value);
            default -> readAttribute(name, value);
        }
    }

    private void readDataBase64(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            assembler.dataBase64(parser.getText());
        } else if (value != JsonToken.VALUE_NULL) {
            assembler.rejectDataBase64(skipAndDescribe(value));
        }
    }

    private void readAttribute(String name, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_STRING -> assembler.attribute(name, parser.getText());
            case VALUE_TRUE -> assembler.attribute(name, Boolean.TRUE);
            case VALUE_FALSE -> assembler.attribute(name, Boolean.FALSE);
            case VALUE_NULL -> {
                // CloudEvents JSON format 3.1: a null attribute is treated as absent.
            }
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.INT) {
                    assembler.attribute(name, parser.getIntValue());
                } else {
                    assembler.rejectNumber(name, parser.getText());
                }
            }
            case VALUE_NUMBER_FLOAT -> assembler.rejectNumber(name, parser.getText());
            default -> assembler.rejectStructure(name, skipAndDescribe(value));
        }
    }

    private void readData(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        long start = parser.currentTokenLocation().getByteOffset();
        String text = null;
        if (value == JsonToken.VALUE_STRING) {
            text = parser.getText();
        } else {
            decodeRestOfValue(value);
        }
        parser.finishToken();
        long end = parser.currentLocation().getByteOffset();
        if (start < 0 || end < start || end > input.length) {
            throw malformed("The body must be UTF-8 encoded JSON.");
        }
        byte[] raw = Arrays.copyOfRange(input, (int) start, (int) end);
        assembler.data(new EventAssembler.DataMember(raw, text));
    }

    // Walks to the end of the current value decoding every string, rather than skipChildren(),
    // so that the slice handed on is known to be well-formed JSON, escapes and UTF-8 included.
    private void decodeRestOfValue(JsonToken first) throws IOException {
        int depth = first.isStructStart() ? 1 : 0;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            } else if (token == JsonToken.VALUE_STRING) {
                // Decodes (and so checks) the string without making a String of it.
                parser.getTextCharacters();
            }
        }
    }

    private String skipAndDescribe(JsonToken token) throws IOException {
        parser.skipChildren();
        return describe(token);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "unexpected JSON";
        };
    }

    private static SignalboxException malformed(String detail) {
        return new SignalboxException(ErrorType.EVENT_MALFORMED, detail, List.of(new Violation("", detail)));
    }
}
