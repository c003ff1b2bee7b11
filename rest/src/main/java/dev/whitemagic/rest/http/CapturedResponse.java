package dev.whitemagic.rest.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Holds back what the server writes for a request (status and headers go through, the body is kept) so that a
 * filter can correct it before anything reaches the client: the server's OpenAPI document and metrics.
 */
public final class CapturedResponse extends HttpServletResponseWrapper {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private ServletOutputStream stream;
    private PrintWriter writer;

    public CapturedResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("a captured answer is written blocking");
                }

                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    buffer.write(bytes, offset, length);
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(buffer, StandardCharsets.UTF_8));
        }
        return writer;
    }

    @Override
    public void setContentLength(int length) {
        // The corrected body has a length of its own.
    }

    @Override
    public void setContentLengthLong(long length) {
        // The corrected body has a length of its own.
    }

    @Override
    public void flushBuffer() {
        // Nothing reaches the client before the body is corrected.
    }

    /** @return what was written, so far */
    public byte[] body() {
        if (writer != null) {
            writer.flush();
        }
        return buffer.toByteArray();
    }
}
