package dev.whitemagic.rest.openapi;

import dev.whitemagic.rest.http.CapturedResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
        CapturedResponse capture = new CapturedResponse(response);
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
}
