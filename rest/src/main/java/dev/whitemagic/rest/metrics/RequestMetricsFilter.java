package dev.whitemagic.rest.metrics;

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
import java.time.Duration;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts and times every request the application answers, tagged by route template ({@link RequestRoutes}, the
 * same name metering records), method and status class ({@code 2xx}, {@code 4xx}, {@code 5xx}).
 */
@Provider
@PreMatching
@Priority(Integer.MIN_VALUE)
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

    static final Metadata REQUESTS = Metadata.builder()
            .withName("wm.http.requests")
            .withDescription("Requests answered, by route template, method and status class")
            .build();

    /**
     * In nanoseconds, the timer's own unit: Payara's Prometheus writer then converts the sum, mean and max to
     * seconds ({@code wm_http_request_duration_seconds}); declared as seconds, it left the mean and max in
     * nanoseconds.
     */
    static final Metadata DURATION = Metadata.builder()
            .withName("wm.http.request.duration")
            .withDescription("Time to answer a request, by route template, method and status class")
            .withUnit(MetricUnits.NANOSECONDS)
            .build();

    private final RequestRoutes routes = new RequestRoutes();

    @Inject
    MetricRegistry registry;

    @Context
    ResourceInfo resourceInfo;

    @Context
    Configuration configuration;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        String route = routes.of(request, resourceInfo, configuration);
        Tag[] tags = {
                new Tag("route", route),
                new Tag("method", request.getMethod()),
                new Tag("status_class", response.getStatus() / 100 + "xx")
        };
        registry.counter(REQUESTS, tags).inc();
        if (started instanceof Long start) {
            registry.timer(DURATION, tags).update(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
