package dev.signalbox.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * Test kit: HTTP/2 frames as bytes, for a raw socket that must stop where no client would (in the
 * middle of a frame). Header blocks are HPACK-encoded by Netty's encoder; frame headers are laid
 * out here: length (3 bytes), type, flags, stream id (4 bytes). Stateless.
 */
final class RawHttp2 {

    static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int END_HEADERS = 0x4;
    /** A SETTINGS frame with no settings: the client's half of the connection's start. */
    static final byte[] EMPTY_SETTINGS = frameHeader(0, 0x4, 0, 0);

    private RawHttp2() {}

    static byte[] frameHeader(int length, int type, int flags, int streamId) {
        return new byte[] {
            (byte) (length >>> 16),
            (byte) (length >>> 8),
            (byte) length,
            (byte) type,
            (byte) flags,
            (byte) (streamId >>> 24),
            (byte) (streamId >>> 16),
            (byte) (streamId >>> 8),
            (byte) streamId
        };
    }

    /** A whole HEADERS frame that opens a {@code PublishStream} call on {@code streamId}. */
    static byte[] publishStreamHeaders(int streamId, String key) throws Http2Exception {
        Http2Headers headers = new DefaultHttp2Headers()
                .method("POST")
                .scheme("http")
                .path("/signalbox.v1.Publisher/PublishStream")
                .authority("localhost")
                .add("content-type", "application/grpc")
                .add("te", "trailers")
                .add("authorization", "Bearer " + key);
        ByteBuf block = Unpooled.buffer();
        try {
            new DefaultHttp2HeadersEncoder().encodeHeaders(streamId, headers, block);
            byte[] frame = new byte[9 + block.readableBytes()];
            System.arraycopy(frameHeader(block.readableBytes(), HEADERS, END_HEADERS, streamId), 0, frame, 0, 9);
            block.readBytes(frame, 9, block.readableBytes());
            return frame;
        } finally {
            block.release();
        }
    }
}
