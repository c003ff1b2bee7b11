package dev.whitemagic.rest.http;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.quota.RateDecision;
import dev.whitemagic.quota.RateLimitedException;
import dev.whitemagic.quota.RequestLimiter;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/**
 * Applies the plan's request windows to every request authenticated by an API key, before anything else looks at
 * the request (so 404, 405 and 413 answers count too), and puts the rate-limit fields on every such answer:
 * {@code RateLimit-Policy}, {@code RateLimit} and {@code X-RateLimit-Limit/Remaining/Reset} of the window nearest to
 * running out. Admin-token calls, public paths and failed authentications carry none and count nowhere.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    @Inject
    RequestLimiter limiter;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof Caller caller)) {
            return;
        }
        RateDecision decision = limiter.take(caller.userId(), caller.planTier());
        request.setProperty(DECISION, decision);
        if (!decision.admitted()) {
            throw new RateLimitedException(decision);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateDecision decision) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle("RateLimit-Policy", decision.policyHeader());
            headers.putSingle("RateLimit", decision.rateLimitHeader());
            headers.putSingle("X-RateLimit-Limit", decision.limitOfNearest());
            headers.putSingle("X-RateLimit-Remaining", decision.remaining(decision.nearest()));
            headers.putSingle("X-RateLimit-Reset", decision.resetEpochSecondOfNearest());
        }
    }
}
