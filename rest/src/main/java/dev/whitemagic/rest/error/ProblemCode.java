package dev.whitemagic.rest.error;

/**
 * The stable, machine-readable {@code code} of every problem body, with its usual status and title.
 */
public enum ProblemCode {
    UNAUTHORIZED(401, "Unauthorized"),
    INVALID_API_KEY(401, "Invalid API key"),
    FORBIDDEN(403, "Forbidden"),
    INSUFFICIENT_SCOPE(403, "Insufficient scope"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    VALIDATION_FAILED(400, "Validation failed"),
    CONFLICT(409, "Conflict"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    RATE_LIMITED(429, "Too many requests"),
    QUOTA_EXCEEDED(403, "Quota exceeded"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    URI_TOO_LONG(414, "URI too long"),
    HEADERS_TOO_LARGE(431, "Request header fields too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    INVALID_SIGNATURE(401, "Invalid signature"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    INTERNAL_ERROR(500, "Internal error");

    private static final String TYPE_BASE = "https://whitemagic.dev/problems/";

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The value of {@code code}: {@code quota_exceeded}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The value of {@code type}: {@code https://whitemagic.dev/problems/quota-exceeded}. */
    public String type() {
        return TYPE_BASE + code().replace('_', '-');
    }

    /**
     * The code that describes an HTTP status when nothing more specific is known, e.g. for an
     * error the container raised.
     */
    public static ProblemCode forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_FAILED;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : VALIDATION_FAILED;
        };
    }
}
