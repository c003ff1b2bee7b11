package dev.whitemagic.rest.error;

import dev.whitemagic.rest.http.DatabaseOutageFilter;
import dev.whitemagic.rest.http.RequestIds;
import dev.whitemagic.persistence.limits.DatabaseBusy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A request whose database work hit a bound (a statement cancelled by {@code wm.db.statement-timeout}, a transaction
 * undone by a collision with a concurrent one, no pooled connection within the pool's 3 s wait, the database refusing
 * connections) is answered 503
 * {@code service_unavailable} with {@code Retry-After}, never 500: the request was fine and may be retried. Whatever
 * wraps the database's exception (JPA, Hibernate, JTA, EJB, the connection pool) does not matter. The log line names
 * the request and the causes' classes and places, never their messages, which carry SQL. The failure is left on the
 * request for {@link DatabaseOutageFilter}, which tells whether it says the database cannot be reached at all.
 */
final class DatabaseBusyAnswers {

    /** Seconds a client is asked to wait before it retries. */
    static final int RETRY_AFTER_SECONDS = 1;

    private static final Logger LOG = Logger.getLogger(DatabaseBusyAnswers.class.getName());

    private DatabaseBusyAnswers() {
    }

    /** The 503 answer if {@code failure} says the database is busy or away, else empty. */
    static Optional<Response> answerFor(HttpServletRequest request, Throwable failure) {
        return problemFor(request, failure).map(problem -> Problems.response(problem)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build());
    }

    /** The problem to answer if {@code failure} says the database is busy or away (logged once), else empty. */
    static Optional<Problem> problemFor(HttpServletRequest request, Throwable failure) {
        Optional<DatabaseBusy> busy = DatabaseBusy.of(failure);
        busy.ifPresent(kind -> request.setAttribute(DatabaseOutageFilter.FAILURE, failure));
        busy.ifPresent(kind -> LOG.log(Level.WARNING, () -> "request " + RequestIds.of(request) + " ("
                + request.getMethod() + " " + request.getRequestURI() + ") answered 503, " + describe(kind) + ": "
                + UnhandledExceptionMapper.describe(failure)));
        return busy.map(kind -> Problem.of(ProblemCode.SERVICE_UNAVAILABLE, detail(kind),
                Problems.instance(request), RequestIds.of(request)));
    }

    static String detail(DatabaseBusy kind) {
        return switch (kind) {
            case STATEMENT_TIMEOUT -> "the database took too long to answer this request; retry shortly";
            case CONFLICT -> "this request collided with concurrent changes to the same data and was undone;"
                    + " retry shortly";
            case NO_CONNECTION -> "the database cannot take this request right now; retry shortly";
        };
    }

    private static String describe(DatabaseBusy kind) {
        return switch (kind) {
            case STATEMENT_TIMEOUT -> "a statement ran past wm.db.statement-timeout";
            case CONFLICT -> "the transaction collided with a concurrent one (deadlock or serialization failure)";
            case NO_CONNECTION -> "no database connection (the pool's wait ran out, or refused)";
        };
    }
}
