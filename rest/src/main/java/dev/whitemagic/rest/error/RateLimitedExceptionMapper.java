package dev.whitemagic.rest.error;

import dev.whitemagic.quota.RateLimitedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 429 {@code rate_limited} with {@code Retry-After}: seconds until the window that refused opens again. */
@Provider
public class RateLimitedExceptionMapper implements ExceptionMapper<RateLimitedException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(RateLimitedException exception) {
        return Problems.response(request, ProblemCode.RATE_LIMITED, exception.getMessage())
                .header("Retry-After", exception.decision().retryAfterSeconds())
                .build();
    }
}
