package dev.whitemagic.rest.error;

import dev.whitemagic.rest.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Builds JAX-RS answers that carry a {@link Problem} for the current request.
 */
final class Problems {

    private Problems() {
    }

    static Response.ResponseBuilder response(HttpServletRequest request, ProblemCode code, String detail) {
        return response(Problem.of(code, detail, instance(request), RequestIds.of(request)));
    }

    /** 503 {@code service_unavailable}: the request was fine and may be retried after {@code retryAfterSeconds}. */
    static Response unavailable(HttpServletRequest request, String detail, int retryAfterSeconds) {
        return response(request, ProblemCode.SERVICE_UNAVAILABLE, detail)
                .header("Retry-After", retryAfterSeconds)
                .build();
    }

    static Response.ResponseBuilder invalid(HttpServletRequest request, String detail, List<Problem.FieldError> errors) {
        return response(Problem.invalid(detail, errors, instance(request), RequestIds.of(request)));
    }

    static Response.ResponseBuilder response(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(RequestIds.HEADER, problem.requestId())
                .entity(problem.toJson());
    }

    static String instance(HttpServletRequest request) {
        return request.getRequestURI();
    }
}
