package dev.whitemagic.rest.openapi;

import dev.whitemagic.rest.http.CapturedResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cleans what Payara adds to the OpenAPI document outside the model a filter sees: its top-level {@code endpoints}
 * key, which OpenAPI 3.0 does not allow (validators and generators refuse the document), and a YAML answer typed
 * {@code text/plain} without a charset although the document is UTF-8 with non-ASCII text; and the empty
 * {@code security} list of the public operations, which Payara's model drops. The JSON answer is
 * {@code application/json}, the YAML one {@code application/yaml}, both with {@code charset=UTF-8}.
 */
@WebFilter(filterName = "openapi-document", urlPatterns = {"/openapi", "/openapi/*"}, asyncSupported = true)
public class OpenApiResponseFilter extends HttpFilter {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        CapturedResponse capture = new CapturedResponse(response);
        chain.doFilter(yamlAsked(request) ? new AskingForText(request) : request, capture);
        byte[] body = capture.body();
        if (response.isCommitted() || capture.getStatus() != HttpServletResponse.SC_OK || body.length == 0) {
            response.getOutputStream().write(body);
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        boolean json = text.stripLeading().startsWith("{");
        String cleaned = json ? cleanedJson(text) : withPublicOperationsYaml(withoutEndpointsYaml(text));
        byte[] bytes = cleaned.getBytes(StandardCharsets.UTF_8);
        response.setContentType((json ? "application/json" : "application/yaml") + ";charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Whether the client asks for YAML by a YAML media type (and not for JSON): Payara answers those 406 although the
     * YAML it serves is what they ask for; it serves it for {@code text/plain}.
     */
    static boolean yamlAsked(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        String asked = accept.toLowerCase(Locale.ROOT);
        return !asked.contains("json") && (asked.contains("application/yaml") || asked.contains("application/x-yaml")
                || asked.contains("text/yaml") || asked.contains("text/x-yaml"));
    }

    /** The request as Payara's OpenAPI servlet should see it: asking for the YAML it writes as text. */
    private static final class AskingForText extends HttpServletRequestWrapper {

        AskingForText(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return name.equalsIgnoreCase("Accept") ? "text/plain" : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return name.equalsIgnoreCase("Accept") ? Collections.enumeration(List.of("text/plain"))
                    : super.getHeaders(name);
        }
    }

    /** The JSON document without {@code endpoints} and with {@code security: []} on the public operations. */
    static String cleanedJson(String json) {
        JsonObject document;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            document = reader.readObject();
        }
        JsonObjectBuilder cleaned = Json.createObjectBuilder(document).remove("endpoints");
        JsonObject paths = document.getJsonObject("paths");
        if (paths != null) {
            JsonObjectBuilder withSecurity = Json.createObjectBuilder();
            paths.forEach((path, item) -> {
                JsonObjectBuilder operations = Json.createObjectBuilder();
                item.asJsonObject().forEach((method, operation) -> operations.add(method,
                        METHODS.contains(method) && !operation.asJsonObject().containsKey("security")
                                ? Json.createObjectBuilder(operation.asJsonObject())
                                        .add("security", Json.createArrayBuilder()).build()
                                : operation));
                withSecurity.add(path, operations);
            });
            cleaned.add("paths", withSecurity);
        }
        return cleaned.build().toString();
    }

    /**
     * Gives every operation of the YAML document without a {@code security} list an empty one: the public operations
     * need no credential, and a client generator should not guess. (Payara's model drops an empty list, so it is
     * written here.) The document's layout is Payara's: paths at two spaces, methods at four, their fields at six.
     */
    static String withPublicOperationsYaml(String yaml) {
        String[] lines = yaml.split("\n", -1);
        List<String> out = new ArrayList<>(lines.length + 8);
        boolean inPaths = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            out.add(line);
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                inPaths = line.equals("paths:");
                continue;
            }
            if (inPaths && line.startsWith("    ") && !line.startsWith("     ") && line.endsWith(":")
                    && METHODS.contains(line.strip().substring(0, line.strip().length() - 1))
                    && !hasSecurity(lines, i + 1)) {
                out.add("      security: []");
            }
        }
        return String.join("\n", out);
    }

    /** Whether the operation whose fields start at {@code from} (six spaces deep) has a {@code security} field. */
    private static boolean hasSecurity(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty() && !line.startsWith("     ")) {
                return false;
            }
            if (line.startsWith("      security:")) {
                return true;
            }
        }
        return false;
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
