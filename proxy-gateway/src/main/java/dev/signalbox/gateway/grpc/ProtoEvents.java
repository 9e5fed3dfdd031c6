package dev.signalbox.gateway.grpc;

import com.google.protobuf.Timestamp;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventValidator;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the CloudEvents protobuf format (io.cloudevents.v1.CloudEvent) into an {@link Event},
 * with the same validation and limits as HTTP. Typed attributes keep their JSON type where the
 * CloudEvents type system has one (boolean, integer); bytes become base64 and timestamps RFC
 * 3339 strings, as the spec's canonical string forms. Stateless.
 */
final class ProtoEvents {

    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, timestamp.proto's range. */
    private static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L;

    private static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;

    private ProtoEvents() {}

    static Event read(CloudEvent proto, int maxEventBytes) {
        if (proto.getSerializedSize() > maxEventBytes) {
            throw new SignalboxException(
                    ErrorType.EVENT_TOO_LARGE,
                    "The event is " + proto.getSerializedSize() + " bytes; this bus accepts events up to "
                            + maxEventBytes + " bytes (limits.maxEventBytes).");
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        putIfSet(attributes, "specversion", proto.getSpecVersion());
        putIfSet(attributes, "id", proto.getId());
        putIfSet(attributes, "source", proto.getSource());
        putIfSet(attributes, "type", proto.getType());
        for (Map.Entry<String, CloudEventAttributeValue> a : new TreeMap<>(proto.getAttributesMap()).entrySet()) {
            String timestampProblem = timestampProblem(a.getValue());
            if (timestampProblem != null) {
                violations.add(new Violation(Violation.pointerTo(a.getKey()), timestampProblem));
                continue;
            }
            Object value = value(a.getValue());
            if (value == null) {
                violations.add(new Violation(Violation.pointerTo(a.getKey()), "has no value"));
            } else if (attributes.containsKey(a.getKey())) {
                violations.add(new Violation(Violation.pointerTo(a.getKey()), "is given twice"));
            } else {
                attributes.put(a.getKey(), value);
            }
        }
        byte[] data =
                switch (proto.getDataCase()) {
                    case BINARY_DATA -> proto.getBinaryData().toByteArray();
                    case TEXT_DATA -> proto.getTextData().getBytes(StandardCharsets.UTF_8);
                    case PROTO_DATA -> {
                        violations.add(new Violation(
                                "/data", "protobuf Any data is not supported; send binary_data or text_data"));
                        yield null;
                    }
                    case DATA_NOT_SET -> null;
                };
        Event event = new Event(attributes, data);
        violations.addAll(EventValidator.validate(event));
        if (!violations.isEmpty()) {
            throw new SignalboxException(
                    ErrorType.EVENT_INVALID,
                    "The event is not a valid CloudEvent: " + violations.size() + " problem(s).",
                    violations);
        }
        return event;
    }

    private static void putIfSet(Map<String, Object> attributes, String name, String value) {
        if (!value.isEmpty()) {
            attributes.put(name, value);
        }
    }

    private static Object value(CloudEventAttributeValue value) {
        return switch (value.getAttrCase()) {
            case CE_BOOLEAN -> value.getCeBoolean();
            case CE_INTEGER -> value.getCeInteger();
            case CE_STRING -> value.getCeString();
            case CE_BYTES -> Base64.getEncoder()
                    .encodeToString(value.getCeBytes().toByteArray());
            case CE_URI -> value.getCeUri();
            case CE_URI_REF -> value.getCeUriRef();
            case CE_TIMESTAMP -> timestamp(value.getCeTimestamp());
            case ATTR_NOT_SET -> null;
        };
    }

    /**
     * Why a {@code ce_timestamp} value is not a protobuf Timestamp (seconds within years 1 to
     * 9999, nanos 0 to 999,999,999, as timestamp.proto defines it), or null. Out of that range the
     * JDK's Instant either throws, which failed the whole call with UNKNOWN, or silently moves the
     * time (negative nanos).
     */
    private static String timestampProblem(CloudEventAttributeValue value) {
        if (value.getAttrCase() != CloudEventAttributeValue.AttrCase.CE_TIMESTAMP) {
            return null;
        }
        Timestamp t = value.getCeTimestamp();
        if (t.getSeconds() < MIN_TIMESTAMP_SECONDS || t.getSeconds() > MAX_TIMESTAMP_SECONDS) {
            return "is a timestamp of " + t.getSeconds() + " seconds, outside 0001-01-01 to 9999-12-31";
        }
        if (t.getNanos() < 0 || t.getNanos() > 999_999_999) {
            return "is a timestamp with " + t.getNanos() + " nanos; they must be 0 to 999999999";
        }
        return null;
    }

    private static String timestamp(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos())
                .toString();
    }
}
