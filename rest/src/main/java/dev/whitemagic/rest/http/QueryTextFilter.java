package dev.whitemagic.rest.http;

import dev.whitemagic.domain.Arguments;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before anything reads them, query parameters with the NUL character ({@code %00}) or half of a UTF-16
 * surrogate pair, which no column can store: 400 {@code validation_failed} naming the parameter, whatever it is for.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class QueryTextFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getRequestUri().getRawQuery() == null) {
            return;
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            Arguments.requireStorable(parameter.getKey(), parameter.getKey());
            for (String value : parameter.getValue()) {
                Arguments.requireStorable(value, parameter.getKey());
            }
        }
    }
}
