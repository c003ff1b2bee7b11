package dev.whitemagic.rest.error;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A transaction that could not be finished ({@code @Transactional}'s commit failed: the database went away or hung
 * meanwhile) is 503 with {@code Retry-After}, like any failure that says the database is busy or away; anything
 * else is a 500. Jersey's own mapper for this exception looks for a mapper of the cause and, finding none for the
 * transaction manager's {@code SystemException}, fails, which the container answers with a bare 500.
 */
@Provider
@Priority(1)
public class TransactionalExceptionMapper implements ExceptionMapper<TransactionalException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(TransactionalException exception) {
        return UnhandledExceptionMapper.serverError(request, exception);
    }
}
