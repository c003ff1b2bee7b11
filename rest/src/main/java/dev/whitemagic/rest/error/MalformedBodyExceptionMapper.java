package dev.whitemagic.rest.error;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * A body that cannot be read: malformed JSON, a value of the wrong type, or one that grew past the
 * body limit while it was read. Anything else that fails while processing is a server error.
 */
@Provider
public class MalformedBodyExceptionMapper implements ExceptionMapper<ProcessingException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(ProcessingException exception) {
        return answerFor(request, exception);
    }

    static Response answerFor(HttpServletRequest request, Throwable exception) {
        Response answer = answerForCause(request, exception);
        return answer != null ? answer : UnhandledExceptionMapper.serverError(request, exception);
    }

    /** The answer for a body that was too large or not JSON, or null when the chain shows neither. */
    static Response answerForCause(HttpServletRequest request, Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return Problems.response(request, ProblemCode.PAYLOAD_TOO_LARGE,
                        "the request body is larger than " + tooLarge.limit() + " bytes").build();
            }
        }
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonbException || cause instanceof JsonException) {
                // The parser's own message can echo the body back; a fixed text is safer.
                return Problems.invalid(request, "the body is not valid JSON of the expected shape", List.of()).build();
            }
        }
        return null;
    }
}
