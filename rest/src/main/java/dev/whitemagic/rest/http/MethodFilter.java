package dev.whitemagic.rest.http;

import dev.whitemagic.rest.error.Problem;
import dev.whitemagic.rest.error.ProblemCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Answers a method the service has no use for ({@code FOO}, {@code PROPFIND}, {@code CONNECT}, {@code TRACE}, a
 * {@code PATCH} of a health probe) with 405 problem details and {@code Allow}, before a servlet of the server answers
 * it 501 as if it were our failure. The API's routes list their own methods; the operational endpoints are read-only.
 */
@WebFilter(filterName = "methods", urlPatterns = "/*", asyncSupported = true)
public class MethodFilter extends HttpFilter {

    /** Every method some route of the API answers. */
    static final Set<String> API_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    static final String API_ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String READ_ONLY_ALLOW = "GET, HEAD, OPTIONS";

    /** The server's own read-only endpoints: health probes, metrics, the API description. */
    static final Set<String> OPERATIONAL = Set.of("/health", "/metrics", "/openapi");

    /** What the operational endpoints answer. */
    static final Set<String> READ_ONLY_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean operational = OPERATIONAL.contains(path) || path.startsWith("/health/") || path.startsWith("/openapi/");
        if (operational ? READ_ONLY_METHODS.contains(method) : API_METHODS.contains(method)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Allow", operational ? READ_ONLY_ALLOW : API_ALLOW);
        // The connection ends with the answer: a refused CONNECT must not leave it open for a tunnel's bytes.
        response.setHeader("Connection", "close");
        Problem.of(ProblemCode.METHOD_NOT_ALLOWED, "this service does not answer " + visible(method) + " here; see "
                + "the Allow header", request.getRequestURI(), RequestIds.of(request)).writeTo(response);
        response.flushBuffer();
    }

    /** The method as sent, if it is a plain token, else a placeholder: the answer never echoes odd bytes. */
    private static String visible(String method) {
        return method.length() <= 20 && method.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c == '-' || c == '_')
                ? method : "this method";
    }
}
