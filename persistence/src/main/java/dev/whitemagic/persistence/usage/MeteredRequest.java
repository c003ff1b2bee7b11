package dev.whitemagic.persistence.usage;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One authenticated request as it was answered, on its way to {@code usage_records}. Values that would not fit
 * their column are cut to size here, so that no single request can make a whole batch fail.
 *
 * @param userId         the caller's user
 * @param keyId          the key used, or {@code null}
 * @param endpoint       the route template ({@code /api/v1/memories/{id}}), at most {@value #MAX_ENDPOINT_LENGTH}
 *                       characters
 * @param method         the HTTP method, at most {@value #MAX_METHOD_LENGTH} characters
 * @param statusCode     the final status of the answer
 * @param responseTimeMs the time to answer in milliseconds, or {@code null} if unknown
 * @param at             when the request came in; its UTC date is the row's {@code date}
 */
public record MeteredRequest(UUID userId, UUID keyId, String endpoint, String method, int statusCode,
                             Integer responseTimeMs, Instant at) {

    public static final int MAX_ENDPOINT_LENGTH = 100;
    public static final int MAX_METHOD_LENGTH = 10;

    public MeteredRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(at, "at");
        endpoint = cut(Objects.requireNonNull(endpoint, "endpoint"), MAX_ENDPOINT_LENGTH);
        method = cut(Objects.requireNonNull(method, "method"), MAX_METHOD_LENGTH);
        if (responseTimeMs != null && responseTimeMs < 0) {
            responseTimeMs = 0;
        }
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
