package dev.signalbox.gateway.grpc;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.server.GrpcServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Decodes a call's message frames into requests, so that a frame that is not the method's
 * protobuf (or JSON) message ends the call INVALID_ARGUMENT with {@code request.malformed} and
 * the decoder's reason. Vert.x's typed {@code handler} cancels the stream instead, and the
 * client sees CANCELLED with no reason.
 *
 * <p>Stateless; the handlers it returns run on the call's context, as the call's own do.
 */
final class RequestMessages {

    private RequestMessages() {}

    /**
     * A message handler for {@code call.messageHandler}: each frame decoded with {@code decoder}
     * (the method's own, so JSON-format calls decode as before; {@code type} names its message)
     * goes to {@code handler}; a frame that does not decode goes to {@code malformed}, and so does
     * a compressed frame that inflates past {@code maxBytes} (as {@code tooLarge}: the server's
     * own size check saw only the compressed bytes). What {@code handler} itself throws is the
     * node's fault: the call ends INTERNAL ({@link Answers#failed}), where Vert.x's typed handler
     * ends it UNKNOWN, and a call that had already ended is not ended twice.
     */
    static <Req> Handler<GrpcMessage> decoding(
            String type,
            GrpcMessageDecoder<Req> decoder,
            int maxBytes,
            ErrorType tooLarge,
            GrpcServerResponse<?, ?> response,
            Handler<Req> handler,
            Consumer<SignalboxException> malformed) {
        return message -> {
            Req request;
            try {
                request = decoder.decode(
                        GrpcMessage.message("identity", message.format(), payload(message, maxBytes, tooLarge)));
            } catch (SignalboxException e) {
                malformed.accept(e);
                return;
            } catch (CodecException | UncheckedIOException | IllegalArgumentException e) {
                malformed.accept(new SignalboxException(
                        ErrorType.REQUEST_MALFORMED, "The gRPC message is not a valid " + type + ": " + reason(e)));
                return;
            }
            try {
                handler.handle(request);
            } catch (RuntimeException e) {
                Answers.failed(response, "the answer to a " + type, e);
            }
        };
    }

    /**
     * The frame's bytes, inflated when the client compressed it (grpc-encoding: gzip). Inflation
     * stops one byte past {@code maxBytes}: a few KiB of gzip can inflate to gigabytes, on the
     * event loop, before anything else would look at the size.
     */
    private static Buffer payload(GrpcMessage message, int maxBytes, ErrorType tooLarge) {
        String encoding = message.encoding();
        if (encoding == null || encoding.equals("identity")) {
            return message.payload();
        }
        if (!encoding.equals("gzip")) {
            throw new IllegalArgumentException("the message encoding '" + encoding + "' is not supported");
        }
        byte[] inflated;
        try (InputStream in =
                new GZIPInputStream(new ByteArrayInputStream(message.payload().getBytes()))) {
            inflated = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, maxBytes + 1L));
        } catch (IOException e) {
            throw new UncheckedIOException("the gzip-compressed message does not inflate: " + e.getMessage(), e);
        }
        if (inflated.length > maxBytes) {
            throw new SignalboxException(
                    tooLarge,
                    "The gzip-compressed message inflates to more than " + maxBytes
                            + " bytes, more than this node accepts in one gRPC message (its request body limit).");
        }
        return Buffer.buffer(inflated);
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? e.getMessage() : root.getMessage();
        return text == null ? root.getClass().getSimpleName() : text;
    }
}
