package dev.signalbox.rules.impl;

import dev.signalbox.core.Event;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Signalbox's {@link Event} into the SDK's {@link CloudEvent}, which cloudevents-sql
 * evaluates: context attributes in their CloudEvents types (URI references, a timestamp), every
 * extension with its type (string, boolean, integer), the data bytes as they are.
 *
 * <p>Stateless, thread-safe. Events reaching a router have passed {@code EventValidator}; one that
 * still does not convert (a source that is not a URI reference) gives an empty result, so that a
 * filter cannot throw on the routing path.
 */
public final class CloudEvents {
    private CloudEvents() {}

    /** The SDK form of the event, or empty when it does not convert. */
    public static Optional<CloudEvent> of(Event event) {
        try {
            String version = event.specVersion() == null ? "1.0" : event.specVersion();
            CloudEventBuilder builder = CloudEventBuilder.fromSpecVersion(SpecVersion.parse(version));
            for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
                set(builder, attribute.getKey(), attribute.getValue());
            }
            byte[] data = event.data();
            if (data != null) {
                builder.withData(data);
            }
            return Optional.of(builder.build());
        } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void set(CloudEventBuilder builder, String name, Object value) {
        String text = String.valueOf(value);
        switch (name.toLowerCase(Locale.ROOT)) {
            case "specversion" -> {}
            case "id" -> builder.withId(text);
            case "source" -> builder.withSource(URI.create(text));
            case "type" -> builder.withType(text);
            case "subject" -> builder.withSubject(text);
            case "datacontenttype" -> builder.withDataContentType(text);
            case "dataschema" -> builder.withDataSchema(URI.create(text));
            case "time" -> builder.withTime(OffsetDateTime.parse(text));
            default -> {
                if (value instanceof Boolean flag) {
                    builder.withExtension(name, flag);
                } else if (value instanceof Integer number) {
                    builder.withExtension(name, number);
                } else {
                    builder.withExtension(name, text);
                }
            }
        }
    }
}
