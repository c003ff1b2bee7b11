package dev.whitemagic.rest.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * The credential a request presents: {@code Authorization: Bearer …} first, else {@code X-API-Key} (API keys only).
 *
 * @param value the credential, or null when the request presents none
 * @param malformed true when an {@code Authorization} header is there but is no bearer credential
 */
record PresentedKey(String value, boolean malformed) {

    private static final String BEARER = "bearer ";

    static PresentedKey of(HttpServletRequest request) {
        PresentedKey bearer = bearer(request);
        if (bearer.value() != null || bearer.malformed()) {
            return bearer;
        }
        String apiKey = request.getHeader("X-API-Key");
        if (apiKey != null && !apiKey.isBlank()) {
            return new PresentedKey(apiKey.trim(), false);
        }
        return new PresentedKey(null, false);
    }

    /** The credential of {@code Authorization: Bearer …} alone; {@code X-API-Key} is not looked at. */
    static PresentedKey bearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            if (authorization.length() > BEARER.length()
                    && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
                return new PresentedKey(authorization.substring(BEARER.length()).trim(), false);
            }
            return new PresentedKey(null, true);
        }
        return new PresentedKey(null, false);
    }

    boolean missing() {
        return value == null && !malformed;
    }
}
