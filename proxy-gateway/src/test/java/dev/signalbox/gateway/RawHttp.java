package dev.signalbox.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * Test kit: HTTP/1.1 written by hand on a plain socket, for what a real client refuses to send
 * (a broken percent-escape, a body cut short, chunk framing that is not hex, headers that stop
 * half way). Every call blocks the calling (test) thread; the caller owns the socket and closes
 * it.
 */
final class RawHttp {

    private RawHttp() {}

    /** A connection to the node's API port whose reads give up after {@code readLimitMillis}. */
    static Socket open(int port, int readLimitMillis) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(readLimitMillis);
        return socket;
    }

    /** Writes {@code text} as it is (ISO-8859-1: one byte per char, as HTTP/1.1 heads are). */
    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Everything the server sends until it closes the connection, a reset counting as a close;
     * a read that outlasts the socket's limit fails the test with its timeout.
     */
    static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        InputStream in = socket.getInputStream();
        try {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                all.write(chunk, 0, n);
            }
        } catch (SocketException reset) {
            // A reset is a close too.
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
