package dev.whitemagic.rest.error;

import dev.whitemagic.persistence.Failures;
import dev.whitemagic.rest.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The catch-all: a failure nobody foresaw is a 500 {@code internal_error} with no detail. The log
 * line names the request id, the exception's class and where it was thrown — never its message,
 * which may hold SQL or data, and never a stack trace.
 */
@Provider
public class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnhandledExceptionMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable exception) {
        return MalformedBodyExceptionMapper.answerFor(request, exception);
    }

    /**
     * 503 {@code service_unavailable} when the database is busy or away ({@link DatabaseBusyAnswers}), else 500
     * {@code internal_error}.
     */
    static Response serverError(HttpServletRequest request, Throwable exception) {
        return DatabaseBusyAnswers.answerFor(request, exception).orElseGet(() -> internalError(request, exception));
    }

    static Response internalError(HttpServletRequest request, Throwable exception) {
        String requestId = RequestIds.of(request);
        LOG.log(Level.SEVERE, () -> "internal error on request " + requestId + " (" + request.getMethod() + " "
                + request.getRequestURI() + "): " + describe(exception));
        return Problems.response(request, ProblemCode.INTERNAL_ERROR, null).build();
    }

    /** The chain of exception classes with the place each was thrown, e.g. {@code A at X.y:12 <- B at …}. */
    static String describe(Throwable exception) {
        return Failures.describe(exception);
    }
}
