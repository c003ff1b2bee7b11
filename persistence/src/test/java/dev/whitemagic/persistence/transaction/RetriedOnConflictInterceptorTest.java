package dev.whitemagic.persistence.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.interceptor.InvocationContext;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriedOnConflictInterceptorTest {

    private static final Exception DEADLOCK = new OptimisticLockException("update memories set status = ?",
            new SQLException("ERROR: deadlock detected", "40P01"));

    private final AtomicInteger runs = new AtomicInteger();

    /** Each run takes the next outcome: an exception is thrown, anything else returned. */
    private InvocationContext invocation(Object... outcomes) throws Exception {
        Deque<Object> next = new ArrayDeque<>(List.of(outcomes));
        Method method = Callable.class.getMethod("call");
        return (InvocationContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InvocationContext.class}, (proxy, called, arguments) -> switch (called.getName()) {
                    case "proceed" -> {
                        runs.incrementAndGet();
                        Object outcome = next.removeFirst();
                        if (outcome instanceof Exception e) {
                            throw e;
                        }
                        yield outcome;
                    }
                    case "getMethod" -> method;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    private RetriedOnConflictInterceptor interceptor(int transactionStatus) {
        RetriedOnConflictInterceptor interceptor = new RetriedOnConflictInterceptor();
        interceptor.transactions = (TransactionSynchronizationRegistry) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {TransactionSynchronizationRegistry.class},
                (proxy, called, arguments) -> {
                    if (called.getName().equals("getTransactionStatus")) {
                        return transactionStatus;
                    }
                    throw new UnsupportedOperationException(called.getName());
                });
        return interceptor;
    }

    @Test
    void aRunUndoneByADeadlock_runsAgain_andItsAnswerIsReturned() throws Exception {
        Object answer = interceptor(Status.STATUS_NO_TRANSACTION).retry(invocation(DEADLOCK, "done"));

        assertThat(answer).isEqualTo("done");
        assertThat(runs).hasValue(2);
    }

    @Test
    void aSerializationFailure_runsAgain_too() throws Exception {
        Exception notSerializable = new PersistenceException(new SQLException("could not serialize access", "40001"));

        assertThat(interceptor(Status.STATUS_NO_TRANSACTION).retry(invocation(notSerializable, "done")))
                .isEqualTo("done");
        assertThat(runs).hasValue(2);
    }

    @Test
    void afterThreeCollisions_theLastFailureReachesTheCaller() throws Exception {
        Exception third = new PersistenceException(new SQLException("deadlock detected", "40P01"));
        InvocationContext always = invocation(DEADLOCK, DEADLOCK, third, "never reached");

        assertThatThrownBy(() -> interceptor(Status.STATUS_NO_TRANSACTION).retry(always)).isSameAs(third);
        assertThat(runs).hasValue(RetriedOnConflictInterceptor.ATTEMPTS);
    }

    @Test
    void otherFailures_areNotRunAgain() throws Exception {
        Exception timeout = new PersistenceException(new SQLException("canceling statement", "57014"));
        Exception duplicate = new PersistenceException(new SQLException("duplicate key", "23505"));

        assertThatThrownBy(() -> interceptor(Status.STATUS_NO_TRANSACTION).retry(invocation(timeout, "x")))
                .isSameAs(timeout);
        assertThatThrownBy(() -> interceptor(Status.STATUS_NO_TRANSACTION).retry(invocation(duplicate, "x")))
                .isSameAs(duplicate);
        assertThat(runs).hasValue(2);
    }

    @Test
    void insideACallersTransaction_aCollisionIsTheCallersToHandle() throws Exception {
        assertThatThrownBy(() -> interceptor(Status.STATUS_ACTIVE).retry(invocation(DEADLOCK, "x")))
                .isSameAs(DEADLOCK);
        assertThat(runs).hasValue(1);
    }
}
