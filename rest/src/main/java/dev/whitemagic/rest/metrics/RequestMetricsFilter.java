package dev.whitemagic.rest.metrics;

import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.metrics.Timer;
import jakarta.annotation.PostConstruct;
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

/**
 * Counts and times every request the application answers, labelled by route template ({@link RequestRoutes}, the
 * same name metering records), method and status class ({@code 2xx}, {@code 4xx}, {@code 5xx}): the counter
 * {@code wm_http_requests_total} and the histogram {@code wm_http_request_duration_seconds}.
 */
@Provider
@PreMatching
@Priority(Integer.MIN_VALUE)
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

    static final String REQUESTS = "wm_http_requests_total";

    static final String DURATION = "wm_http_request_duration_seconds";

    private final RequestRoutes routes = new RequestRoutes();

    @Inject
    Metrics metrics;

    @Context
    ResourceInfo resourceInfo;

    @Context
    Configuration configuration;

    private Counter requests;
    private Timer durations;

    @PostConstruct
    void register() {
        requests = metrics.counter(REQUESTS, "Requests answered, by route template, method and status class",
                "route", "method", "status_class");
        durations = metrics.timer(DURATION, "Time to answer a request, by route template, method and status class",
                "route", "method", "status_class");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        String route = routes.of(request, resourceInfo, configuration);
        String method = request.getMethod();
        String statusClass = response.getStatus() / 100 + "xx";
        requests.inc(route, method, statusClass);
        if (started instanceof Long start) {
            durations.observeNanos(System.nanoTime() - start, route, method, statusClass);
        }
    }
}
