package dev.whitemagic.rest.security;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells a request path in canonical form from one that is not. Servlet containers and JAX-RS read such paths
 * differently: a matrix parameter ({@code /api;/v1/me}) hides the {@code /api/v1/} prefix from a plain string
 * comparison while JAX-RS still routes it, so a non-canonical path could reach a resource past the authentication
 * mechanism, or an admin resource with an API key. No route of this service needs any of these forms, so they are
 * refused outright, before anything looks at the path.
 */
final class CanonicalPaths {

    private CanonicalPaths() {
    }

    /**
     * @param rawPath the path as the client sent it, still percent-encoded ({@code HttpServletRequest#getRequestURI})
     * @return why the path is not canonical, for the client; empty if it is
     */
    static Optional<String> whyNot(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.of("the path must start with /");
        }
        if (rawPath.indexOf(';') >= 0) {
            return Optional.of("the path must not carry matrix parameters (';')");
        }
        if (rawPath.indexOf('\\') >= 0) {
            return Optional.of("the path must not contain a backslash");
        }
        if (rawPath.contains("//")) {
            return Optional.of("the path must not contain empty segments ('//')");
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("the path must not contain '.' or '..' segments");
            }
        }
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            if (i + 2 >= rawPath.length()) {
                return Optional.of("the path has an incomplete percent-encoding");
            }
            String encoded = rawPath.substring(i + 1, i + 3).toUpperCase(Locale.ROOT);
            if (!isHex(encoded.charAt(0)) || !isHex(encoded.charAt(1))) {
                return Optional.of("the path has an invalid percent-encoding");
            }
            int value = Integer.parseInt(encoded, 16);
            if (value < 0x20 || value == 0x7F || "/\\.;%".indexOf(value) >= 0) {
                return Optional.of("the path must not percent-encode '/', '\\', '.', ';', '%' or control characters");
            }
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return Optional.of("the path must not contain control characters");
            }
        }
        return Optional.empty();
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }
}
