package dev.signalbox.gateway.ingest;

import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * The size of a request's headers as a bus's {@code maxHeaderBytes} counts it: each header line,
 * {@code name: value} and its CRLF, the way HTTP/1.1 sends it (headers are Latin-1 on the wire, so
 * characters are bytes). gRPC metadata is counted the same way. Stateless.
 */
public final class HeaderBytes {

    private HeaderBytes() {}

    public static long of(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }
}
