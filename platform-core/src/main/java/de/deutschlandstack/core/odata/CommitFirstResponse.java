package de.deutschlandstack.core.odata;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Holds a write's response body until its transaction has committed. Olingo closes the output stream when it is
 * done, which would send "201 Created" to the client before the commit: a client could then read stale data, or
 * be told about a write that a failing commit never stored. Status and headers go to the real response (nothing
 * is sent before the body); the body follows in {@link #sendTo}.
 */
final class CommitFirstResponse extends HttpServletResponseWrapper {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
    private PrintWriter writer;

    CommitFirstResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return ServletStreams.into(body);
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
        }
        return writer;
    }

    @Override
    public void flushBuffer() {
        // Nothing leaves before the commit.
    }

    /** After the commit: the body goes out. */
    void sendTo(HttpServletResponse response) throws IOException {
        if (writer != null) {
            writer.flush();
        }
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }
}
