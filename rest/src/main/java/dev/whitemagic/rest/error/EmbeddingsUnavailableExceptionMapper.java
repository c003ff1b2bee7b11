package dev.whitemagic.rest.error;

import dev.whitemagic.persistence.embedding.EmbeddingsUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A search by meaning while the model still loads: 503 {@code service_unavailable} with {@code Retry-After}. */
@Provider
public class EmbeddingsUnavailableExceptionMapper implements ExceptionMapper<EmbeddingsUnavailableException> {

    /** Loading takes a few seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(EmbeddingsUnavailableException exception) {
        return Problems.unavailable(request,
                "search by meaning is getting ready after a start; retry shortly, or search by keyword",
                RETRY_AFTER_SECONDS);
    }
}
