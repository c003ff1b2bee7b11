package dev.whitemagic.rest.error;

import dev.whitemagic.rest.SnakeCaseJsonb;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;

/**
 * Bean Validation failures of a request as {@code validation_failed}, one entry per field, named as
 * the client wrote it (snake_case).
 */
@Provider
public class ConstraintViolationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        List<Problem.FieldError> errors = exception.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field)
                        .thenComparing(Problem.FieldError::message))
                .toList();
        String detail = errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid";
        return Problems.invalid(request, detail, errors).build();
    }

    /**
     * The last named node of the path ({@code create.arg0.title} → {@code title}), in snake_case.
     * Method-parameter nodes ({@code arg0}, {@code request}) only name the body itself.
     */
    public static String fieldName(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY
                    || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                name = node.getName() == null ? name : node.getName();
            } else if (node.getKind() == ElementKind.PARAMETER && name == null) {
                name = node.getName();
            }
        }
        return name == null ? "body" : SnakeCaseJsonb.snakeCase(name);
    }
}
