package dev.whitemagic.rest.error;

import dev.whitemagic.rest.http.RequestIds;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem-details body, the one shape of every 4xx and 5xx answer.
 *
 * <p>It serialises itself with JSON-P so that the same body can be written from a servlet filter
 * or an authentication mechanism, where no JAX-RS provider runs.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details: the body of every 4xx and 5xx answer.")
public record Problem(
        @Schema(description = "URI that identifies the kind of problem",
                example = "https://whitemagic.dev/problems/not-found") String type,
        @Schema(description = "Short, human-readable summary of the kind of problem", example = "Not found") String title,
        @Schema(description = "The HTTP status") int status,
        @Schema(description = "What went wrong with this request", nullable = true) String detail,
        @Schema(description = "The request path", example = "/api/v1/memories/0b6f…") String instance,
        @Schema(description = "Stable machine-readable code", example = "not_found",
                enumeration = {"unauthorized", "invalid_api_key", "forbidden", "insufficient_scope", "not_found",
                        "method_not_allowed", "not_acceptable", "validation_failed", "conflict", "precondition_failed",
                        "rate_limited", "quota_exceeded", "payload_too_large", "unsupported_media_type",
                        "invalid_signature", "service_unavailable", "internal_error"}) String code,
        @Schema(name = "request_id", description = "Equals the X-Request-ID header of the answer") String requestId,
        @Schema(description = "Present only for validation_failed: one entry per rejected field",
                type = SchemaType.ARRAY, implementation = FieldError.class) List<FieldError> errors) {

    /** The media type of every problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? null : List.copyOf(errors);
    }

    /** A problem with the code's status and title. */
    public static Problem of(ProblemCode code, String detail, String instance, String requestId) {
        return new Problem(code.type(), code.title(), code.status(), detail, instance, code.code(), requestId, null);
    }

    /** A {@code validation_failed} problem that names the rejected fields. */
    public static Problem invalid(String detail, List<FieldError> errors, String instance, String requestId) {
        ProblemCode code = ProblemCode.VALIDATION_FAILED;
        return new Problem(code.type(), code.title(), code.status(), detail, instance, code.code(), requestId,
                errors == null || errors.isEmpty() ? null : errors);
    }

    /** The body as compact JSON; {@code errors} appears only when there are field errors. */
    public String toJson() {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", type)
                .add("title", title)
                .add("status", status);
        addNullable(body, "detail", detail);
        addNullable(body, "instance", instance);
        body.add("code", code);
        addNullable(body, "request_id", requestId);
        if (errors != null) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            for (FieldError error : errors) {
                list.add(Json.createObjectBuilder().add("field", error.field()).add("message", error.message()));
            }
            body.add("errors", list);
        }
        return body.build().toString();
    }

    /**
     * Writes this problem as the whole answer, for code that runs outside JAX-RS. The caller sets
     * any extra header (e.g. {@code WWW-Authenticate}, {@code Retry-After}) before.
     */
    public void writeTo(HttpServletResponse response) throws IOException {
        byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        if (requestId != null) {
            response.setHeader(RequestIds.HEADER, requestId);
        }
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    private static void addNullable(JsonObjectBuilder body, String name, String value) {
        if (value == null) {
            body.addNull(name);
        } else {
            body.add(name, value);
        }
    }

    /** One rejected field of a {@code validation_failed} problem. */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "The field, in the request's snake_case naming", example = "title") String field,
            @Schema(description = "Why it was rejected", example = "must not be blank") String message) {
    }
}
