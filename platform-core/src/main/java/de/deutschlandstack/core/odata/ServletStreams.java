package de.deutschlandstack.core.odata;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.io.OutputStream;

/** A servlet output stream that writes into a plain stream, for responses the platform holds back or drops. */
final class ServletStreams {

    private ServletStreams() {
    }

    static ServletOutputStream into(OutputStream target) {
        return new ServletOutputStream() {
            @Override
            public void write(int b) throws IOException {
                target.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                target.write(bytes, offset, length);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("Written synchronously");
            }
        };
    }
}
