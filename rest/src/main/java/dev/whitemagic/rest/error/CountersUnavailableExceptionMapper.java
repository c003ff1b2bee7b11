package dev.whitemagic.rest.error;

import dev.whitemagic.rest.http.RequestIds;
import dev.whitemagic.persistence.quota.CountersUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The request counters could not be asked (database down or no connection in time): 503 {@code service_unavailable}
 * with {@code Retry-After}, rather than admitting the request uncounted. The log line names the request and the
 * causes' classes and places, never their messages (which may carry SQL).
 */
@Provider
public class CountersUnavailableExceptionMapper implements ExceptionMapper<CountersUnavailableException> {

    private static final Logger LOG = Logger.getLogger(CountersUnavailableExceptionMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(CountersUnavailableException exception) {
        LOG.log(Level.WARNING, () -> "request " + RequestIds.of(request) + ": " + exception.getMessage() + ": "
                + UnhandledExceptionMapper.describe(exception.getCause()));
        return Problems.unavailable(request,
                "the service cannot judge this request's rate limits right now; retry shortly",
                DatabaseBusyAnswers.RETRY_AFTER_SECONDS);
    }
}
