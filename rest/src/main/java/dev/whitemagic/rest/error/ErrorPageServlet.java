package dev.whitemagic.rest.error;

import dev.whitemagic.rest.http.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web application's error page: whatever the container refuses or fails on before or outside
 * JAX-RS still answers with problem details (see {@code <error-page>} in {@code web.xml}).
 */
@WebServlet(name = "error-page", urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    /** Where {@code web.xml} sends errors. */
    public static final String PATH = "/_error";

    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer code ? code : 404;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri instanceof String path ? path : request.getRequestURI();
        String requestId = RequestIds.of(request);
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Problem problem = null;
        if (exception instanceof Throwable failure) {
            // e.g. the authentication mechanism could not reach the database to verify a key
            problem = DatabaseBusyAnswers.problemFor(request, failure)
                    .map(busy -> new Problem(busy.type(), busy.title(), busy.status(), busy.detail(), instance,
                            busy.code(), requestId, null))
                    .orElse(null);
            if (problem == null) {
                status = 500;
                LOG.log(Level.SEVERE, () -> "internal error on request " + requestId + ": "
                        + UnhandledExceptionMapper.describe(failure));
            }
        }
        if (problem == null) {
            ProblemCode code = status >= 500
                    ? (status == 503 ? ProblemCode.SERVICE_UNAVAILABLE : ProblemCode.INTERNAL_ERROR)
                    : ProblemCode.forStatus(status);
            problem = new Problem(code.type(), code.title(), status, null, instance, code.code(), requestId, null);
        }
        response.resetBuffer();
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (problem.status() == 503) {
            response.setHeader("Retry-After", Integer.toString(DatabaseBusyAnswers.RETRY_AFTER_SECONDS));
        }
        problem.writeTo(response);
    }
}
