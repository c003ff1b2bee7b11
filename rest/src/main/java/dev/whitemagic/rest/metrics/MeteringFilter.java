package dev.whitemagic.rest.metrics;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.persistence.usage.MeteredRequest;
import dev.whitemagic.quota.UsageRecorder;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;

/**
 * Meters every request made with an API key into the usage records: user, key, route template, method, final
 * status and response time. Admin-token calls and webhooks carry no {@link Caller} and are not metered.
 * <p>
 * The request side runs first of all filters (so the time counts everything JAX-RS does, refusals by later
 * pre-matching filters included); the response side runs last of the response filters, so it sees the final
 * status, also of answers that a filter aborted (429) or an exception mapper wrote (400, 404, 405, 413). The route
 * is the matched method's template; a request that matched no method is named by {@link RouteTable} from its path,
 * and a path that is none of ours is {@code unmatched}. Handing the record over is a memory operation
 * ({@link UsageRecorder#record}); nothing here waits for the database.
 */
@Provider
@PreMatching
@Priority(Integer.MIN_VALUE)
public class MeteringFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED_NANOS = MeteringFilter.class.getName() + ".startedNanos";
    private static final String STARTED_AT = MeteringFilter.class.getName() + ".startedAt";

    private final RequestRoutes routes = new RequestRoutes();

    @Inject
    UsageRecorder recorder;

    @Inject
    Clock clock;

    @Context
    ResourceInfo resourceInfo;

    @Context
    Configuration configuration;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED_NANOS, System.nanoTime());
        request.setProperty(STARTED_AT, clock.instant());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Principal principal = request.getSecurityContext() == null ? null
                : request.getSecurityContext().getUserPrincipal();
        if (!(principal instanceof Caller caller)) {
            return;
        }
        Integer responseTimeMs = null;
        if (request.getProperty(STARTED_NANOS) instanceof Long started) {
            long nanos = System.nanoTime() - started;
            responseTimeMs = (int) Math.min(Integer.MAX_VALUE, (nanos + 500_000) / 1_000_000);
        }
        Instant at = request.getProperty(STARTED_AT) instanceof Instant started ? started : clock.instant();
        recorder.record(new MeteredRequest(caller.userId(), caller.keyId(), route(request), request.getMethod(),
                response.getStatus(), responseTimeMs, at));
    }

    private String route(ContainerRequestContext request) {
        return routes.of(request, resourceInfo, configuration);
    }
}
