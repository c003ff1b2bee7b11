package dev.whitemagic.persistence.transaction;

import dev.whitemagic.persistence.limits.DatabaseBusy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Runs a {@link RetriedOnConflict} method again when it failed on a collision with a concurrent transaction. It wraps
 * {@code @Transactional}'s interceptor (an earlier priority), so each attempt has a transaction and a persistence
 * context of its own. Called inside a caller's transaction it does nothing: that transaction is already marked for
 * rollback, and only whoever began it can start over.
 */
@RetriedOnConflict
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RetriedOnConflictInterceptor {

    /** Runs in all, the first included. */
    static final int ATTEMPTS = 3;

    /** The longest pause before another attempt, in milliseconds; each pause is random up to it, times the attempt. */
    static final int MAX_PAUSE_MILLIS = 50;

    private static final Logger LOG = Logger.getLogger(RetriedOnConflictInterceptor.class.getName());

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @AroundInvoke
    public Object retry(InvocationContext invocation) throws Exception {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            return invocation.proceed();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return invocation.proceed();
            } catch (Exception e) {
                if (attempt == ATTEMPTS || !DatabaseBusy.of(e).equals(Optional.of(DatabaseBusy.CONFLICT))) {
                    throw e;
                }
                int run = attempt;
                LOG.info(() -> invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                        + invocation.getMethod().getName() + " collided with a concurrent transaction and was undone;"
                        + " running it again (attempt " + (run + 1) + " of " + ATTEMPTS + ")");
                // A random pause, so that two runs that collided do not collide again at once.
                Thread.sleep(ThreadLocalRandom.current().nextLong(1, MAX_PAUSE_MILLIS + 1) * attempt);
            }
        }
    }
}
