package de.deutschlandstack.platform.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand over a socket, so that tests can send what well-behaved clients refuse to: invalid
 * percent-encodings, raw non-ASCII, odd methods, malformed headers. One request per connection.
 */
final class RawHttp {

    record Response(int status, String headers, String body) {
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code method target} (target as it goes on the wire) with the extra header lines and body. */
    static Response send(String serverRoot, String method, String target, String headerLines, byte[] body) throws IOException {
        URI root = URI.create(serverRoot);
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(root.getHost()).append(':').append(root.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            if (headerLines != null && !headerLines.isEmpty()) {
                request.append(headerLines.endsWith("\r\n") ? headerLines : headerLines + "\r\n");
            }
            if (body != null) {
                request.append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toString().getBytes(StandardCharsets.UTF_8));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // A server may answer (413) and close before it read a large body: its answer is still there to read.
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toByteArray();
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError("Not an HTTP response: " + text.substring(0, Math.min(200, text.length())));
        }
        String head = text.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        String headers = head.contains("\r\n") ? head.substring(head.indexOf("\r\n") + 2) : "";
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }
}
