package dev.whitemagic.rest.openapi;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleans what Payara adds to the OpenAPI document outside the model a filter sees: its top-level {@code endpoints}
 * key, which OpenAPI 3.0 does not allow (validators and generators refuse the document), and a YAML answer typed
 * {@code text/plain} without a charset although the document is UTF-8 with non-ASCII text. The JSON answer is
 * {@code application/json}, the YAML one {@code application/yaml}, both with {@code charset=UTF-8}.
 */
@WebFilter(filterName = "openapi-document", urlPatterns = {"/openapi", "/openapi/*"}, asyncSupported = true)
public class OpenApiResponseFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Capture capture = new Capture(response);
        chain.doFilter(request, capture);
        byte[] body = capture.body();
        if (response.isCommitted() || capture.getStatus() != HttpServletResponse.SC_OK || body.length == 0) {
            response.getOutputStream().write(body);
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        boolean json = text.stripLeading().startsWith("{");
        String cleaned = json ? withoutEndpoints(text) : withoutEndpointsYaml(text);
        byte[] bytes = cleaned.getBytes(StandardCharsets.UTF_8);
        response.setContentType((json ? "application/json" : "application/yaml") + ";charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static String withoutEndpoints(String json) {
        JsonObject document;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            document = reader.readObject();
        }
        if (!document.containsKey("endpoints")) {
            return json;
        }
        return Json.createObjectBuilder(document).remove("endpoints").build().toString();
    }

    /** Drops the top-level {@code endpoints:} key and everything indented under it. */
    static String withoutEndpointsYaml(String yaml) {
        List<String> kept = new ArrayList<>();
        boolean skipping = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.equals("endpoints:") || line.startsWith("endpoints: ")) {
                skipping = true;
                continue;
            }
            if (skipping && !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("- ")) {
                skipping = false;
            }
            if (!skipping) {
                kept.add(line);
            }
        }
        return String.join("\n", kept);
    }

    /** Holds the document back until it is cleaned. */
    private static final class Capture extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private ServletOutputStream stream;
        private PrintWriter writer;

        Capture(HttpServletResponse response) {
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
                        throw new UnsupportedOperationException("the OpenAPI document is written blocking");
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
            // The cleaned document has a length of its own.
        }

        @Override
        public void setContentLengthLong(long length) {
            // The cleaned document has a length of its own.
        }

        @Override
        public void flushBuffer() {
            // Nothing reaches the client before the document is cleaned.
        }

        byte[] body() {
            if (writer != null) {
                writer.flush();
            }
            return buffer.toByteArray();
        }
    }
}
