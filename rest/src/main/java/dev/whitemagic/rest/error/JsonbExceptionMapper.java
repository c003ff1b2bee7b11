package dev.whitemagic.rest.error;

import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A JSON-B failure that reaches the application unwrapped (some providers do not wrap it in a
 * {@code ProcessingException}): the same answer as a malformed body.
 */
@Provider
public class JsonbExceptionMapper implements ExceptionMapper<JsonbException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(JsonbException exception) {
        return MalformedBodyExceptionMapper.answerFor(request, exception);
    }
}
