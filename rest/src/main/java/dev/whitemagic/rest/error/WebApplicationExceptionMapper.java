package dev.whitemagic.rest.error;

import dev.whitemagic.rest.http.AllowHeader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * What JAX-RS itself refuses (no route, wrong method, wrong media type, bad parameter) as problem
 * details, keeping the headers that belong to the answer ({@code Allow}, {@code Retry-After}).
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception.getCause() != null) {
            // A provider may wrap a body it could not read (or one over the limit) as a 400.
            Response fromCause = MalformedBodyExceptionMapper.answerForCause(request, exception.getCause());
            if (fromCause != null) {
                return fromCause;
            }
        }
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (status >= 500 && status != 503) {
            return UnhandledExceptionMapper.serverError(request, exception);
        }
        // The only 403 JAX-RS raises is a failed @RolesAllowed check, and roles are the key's scopes.
        ProblemCode code = exception instanceof ForbiddenException ? ProblemCode.INSUFFICIENT_SCOPE
                : ProblemCode.forStatus(status);
        Response.ResponseBuilder answer = Problems.response(request, code, detail(exception, status))
                .status(status);
        for (String header : new String[] {HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE}) {
            if (original.getHeaderString(header) != null) {
                answer.header(header, original.getHeaderString(header));
            }
        }
        if (original.getHeaderString(HttpHeaders.ALLOW) != null) {
            answer.header(HttpHeaders.ALLOW, AllowHeader.normalised(original.getHeaderString(HttpHeaders.ALLOW)));
        }
        return answer.build();
    }

    private String detail(WebApplicationException exception, int status) {
        String method = request.getMethod();
        if (exception instanceof NotFoundException) {
            return "no resource at " + request.getRequestURI();
        }
        if (exception instanceof NotAllowedException) {
            return method + " is not allowed here; see the Allow header";
        }
        if (exception instanceof NotSupportedException) {
            return "the body must be application/json";
        }
        if (exception instanceof ForbiddenException) {
            return "this API key lacks the scope this operation needs";
        }
        if (status == 406) {
            return "answers are application/json";
        }
        if (status == 400) {
            return "the request is malformed";
        }
        return null;
    }
}
