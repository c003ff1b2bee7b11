package dev.whitemagic.rest.error;

import dev.whitemagic.persistence.health.DatabaseUnreachableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request refused untried because the database cannot be reached: 503 {@code service_unavailable} with
 * {@code Retry-After}. Not logged one by one: the outage's beginning and end are.
 */
@Provider
public class DatabaseUnreachableExceptionMapper implements ExceptionMapper<DatabaseUnreachableException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(DatabaseUnreachableException exception) {
        return Problems.unavailable(request, "the database cannot be reached right now; retry shortly",
                DatabaseBusyAnswers.RETRY_AFTER_SECONDS);
    }
}
