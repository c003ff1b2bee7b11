package dev.whitemagic.persistence.transaction;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Flushes the persistence context when a {@link FlushBeforeCommit} method returns normally within a transaction. It
 * runs inside {@code @Transactional}'s interceptor (a later priority), so the transaction is still open; a method
 * that throws has its transaction rolled back, and nothing to flush.
 */
@FlushBeforeCommit
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 300)
public class FlushBeforeCommitInterceptor {

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    @AroundInvoke
    public Object flushOnReturn(InvocationContext invocation) throws Exception {
        Object result = invocation.proceed();
        if (entityManager.isJoinedToTransaction()) {
            entityManager.flush();
        }
        return result;
    }
}
