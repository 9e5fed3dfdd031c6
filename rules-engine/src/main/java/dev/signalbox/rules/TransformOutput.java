package dev.signalbox.rules;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a target receives after its transform: the body and its media type ({@code
 * application/json}, or {@code text/plain; charset=utf-8} for a template that is not JSON).
 *
 * <p>Immutable, thread-safe: the bytes are copied in and out.
 *
 * @param body the body (UTF-8)
 * @param contentType the media type of the body
 */
public record TransformOutput(byte[] body, String contentType) {
    public TransformOutput {
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(contentType, "contentType");
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransformOutput that
                && Arrays.equals(body, that.body)
                && contentType.equals(that.contentType);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(body) * 31 + contentType.hashCode();
    }

    @Override
    public String toString() {
        return "TransformOutput[" + contentType + ", " + new String(body, java.nio.charset.StandardCharsets.UTF_8)
                + "]";
    }
}
