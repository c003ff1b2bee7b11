package dev.whitemagic.rest.http;

import dev.whitemagic.rest.error.Problem;
import dev.whitemagic.rest.error.ProblemCode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Limits on a request's target and headers that the application applies itself, below the server's own (32 KB for
 * the request line and headers together, whose refusal is a bare 400): a target over {@value #MAX_TARGET} characters
 * is 414, headers over {@value #MAX_HEADERS} bytes in all are 431, a header value with a control character (the
 * server passes such bytes on; only the tab is text) is 400, and a {@code Content-Type} that is no media type at all
 * ({@code json}) is 415, as any type the API does not take. Checked first, for every path.
 */
public final class RequestShape {

    /** The longest request target (path and query), in characters. */
    public static final int MAX_TARGET = 8_192;

    /** The most header bytes (names and values), in all. */
    public static final int MAX_HEADERS = 16_384;

    /** {@code type/subtype} and parameters, as RFC 9110 writes a media type. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "\\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+\\s*(;.*)?");

    private RequestShape() {
    }

    /** @return the refusal of a request whose target or headers are out of bounds, or empty */
    public static Optional<Problem> refusal(HttpServletRequest request) {
        String query = request.getQueryString();
        int target = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
        if (target > MAX_TARGET) {
            return Optional.of(problem(request, ProblemCode.URI_TOO_LONG, "the request target is longer than "
                    + MAX_TARGET + " characters"));
        }
        String contentType = request.getContentType();
        if (contentType != null && !contentType.isBlank() && !MEDIA_TYPE.matcher(contentType).matches()) {
            return Optional.of(problem(request, ProblemCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json"));
        }
        int size = 0;
        // Every request passes here: the enumerations are walked as they come, nothing is copied.
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                size += name.length() + value.length() + 4;
                if (hasControlCharacter(value)) {
                    return Optional.of(Problem.invalid("a header value holds a control character",
                            List.of(new Problem.FieldError("header", name + " holds a control character")),
                            request.getRequestURI(), RequestIds.of(request)));
                }
            }
        }
        if (size > MAX_HEADERS) {
            return Optional.of(problem(request, ProblemCode.HEADERS_TOO_LARGE, "the request headers are larger than "
                    + MAX_HEADERS + " bytes"));
        }
        return Optional.empty();
    }

    private static Problem problem(HttpServletRequest request, ProblemCode code, String detail) {
        return Problem.of(code, detail, request.getRequestURI(), RequestIds.of(request));
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
