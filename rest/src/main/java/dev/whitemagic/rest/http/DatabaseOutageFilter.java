package dev.whitemagic.rest.http;

import dev.whitemagic.persistence.health.DatabaseOutage;
import dev.whitemagic.persistence.health.DatabaseUnreachableException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * While the database cannot be reached ({@link DatabaseOutage}), answers every request 503 at once, before the rate
 * limits (which may need the database) or the resource are tried; {@code OPTIONS} needs no database and is still
 * answered. On the way out, a request whose failure said the database cannot be reached begins the outage.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 300)
public class DatabaseOutageFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The request attribute where the error answers leave the database failure they answered. */
    public static final String FAILURE = DatabaseOutageFilter.class.getName() + ".failure";

    @Inject
    DatabaseOutage outage;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!"OPTIONS".equals(request.getMethod()) && outage.ongoing()) {
            outage.refused();
            throw new DatabaseUnreachableException();
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 503 && servletRequest.getAttribute(FAILURE) instanceof Throwable failure) {
            outage.report(failure);
        }
    }
}
