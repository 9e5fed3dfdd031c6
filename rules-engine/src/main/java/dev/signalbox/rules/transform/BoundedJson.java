package dev.signalbox.rules.transform;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a value as JSON into at most a given number of bytes: the writing stops as soon as it
 * passes the bound (Jackson hands its buffer on every 8 KB or so), so an output that is too large
 * is never built whole; and no deeper than Jackson writes a document ({@link
 * OutputTooDeep#MAX_DEPTH}). Stateless.
 */
final class BoundedJson {

    private BoundedJson() {}

    /** The sink is full. A plain {@link IOException}: Jackson passes those on as they are. */
    private static final class Full extends IOException {
        private static final long serialVersionUID = 1L;

        Full() {
            super("full", null);
        }
    }

    /** A byte sink that refuses to grow past {@code max}. Owned by one write. */
    private static final class Sink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final long max;

        Sink(long max) {
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            if (bytes.size() + 1L > max) {
                throw new Full();
            }
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (bytes.size() + (long) len > max) {
                throw new Full();
            }
            bytes.write(b, off, len);
        }
    }

    /**
     * {@code value} as JSON bytes.
     *
     * @param what the value, named for the message (e.g. "the JSONata result")
     * @throws OutputTooLarge when they would pass {@code maxBytes}
     * @throws OutputTooDeep when the value nests deeper than {@link OutputTooDeep#MAX_DEPTH}
     */
    static byte[] write(ObjectMapper mapper, Object value, long maxBytes, String what)
            throws IOException, OutputTooLarge, OutputTooDeep {
        Sink sink = new Sink(maxBytes);
        try {
            mapper.writeValue(sink, value);
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Full) {
                    throw new OutputTooLarge(what + " is more than " + maxBytes + " bytes of JSON");
                }
                if (cause instanceof StreamConstraintsException
                        && String.valueOf(cause.getMessage()).contains("nesting depth")) {
                    throw new OutputTooDeep(
                            what + " would nest objects and arrays deeper than " + OutputTooDeep.MAX_DEPTH + " levels");
                }
            }
            throw e;
        }
        return sink.bytes.toByteArray();
    }
}
