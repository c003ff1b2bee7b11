package dev.whitemagic.rest.error;

import dev.whitemagic.auth.CredentialGoneException;
import dev.whitemagic.auth.InsufficientScopeException;
import dev.whitemagic.auth.NotPermittedException;
import dev.whitemagic.rest.billing.InvalidSignatureException;
import dev.whitemagic.domain.ConflictException;
import dev.whitemagic.domain.DomainException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.PreconditionFailedException;
import dev.whitemagic.domain.QuotaExceededException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * The failures the business rules raise on purpose, as their problem codes. Their messages are written
 * for the client, so they become the {@code detail}.
 */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(DomainException exception) {
        if (exception instanceof InvalidInputException invalid) {
            return Problems.invalid(request, invalid.getMessage(),
                    List.of(new Problem.FieldError(invalid.field(), invalid.getMessage()))).build();
        }
        Response.ResponseBuilder answer = Problems.response(request, codeOf(exception), exception.getMessage());
        if (exception instanceof CredentialGoneException) {
            answer.header("WWW-Authenticate", CredentialGoneException.CHALLENGE);
        }
        return answer.build();
    }

    public static ProblemCode codeOf(DomainException exception) {
        if (exception instanceof NotFoundException) {
            return ProblemCode.NOT_FOUND;
        }
        if (exception instanceof ConflictException) {
            return ProblemCode.CONFLICT;
        }
        if (exception instanceof PreconditionFailedException) {
            return ProblemCode.PRECONDITION_FAILED;
        }
        if (exception instanceof QuotaExceededException) {
            return ProblemCode.QUOTA_EXCEEDED;
        }
        if (exception instanceof CredentialGoneException) {
            return ProblemCode.INVALID_API_KEY;
        }
        if (exception instanceof InsufficientScopeException) {
            return ProblemCode.INSUFFICIENT_SCOPE;
        }
        if (exception instanceof NotPermittedException) {
            return ProblemCode.FORBIDDEN;
        }
        if (exception instanceof InvalidSignatureException) {
            return ProblemCode.INVALID_SIGNATURE;
        }
        return ProblemCode.VALIDATION_FAILED;
    }
}
