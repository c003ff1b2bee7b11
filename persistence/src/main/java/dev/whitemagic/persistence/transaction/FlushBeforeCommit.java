package dev.whitemagic.persistence.transaction;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @Transactional} use case: the writes it queued in the persistence context are sent to the database
 * before it returns, inside its transaction, rather than by the transaction manager while it commits.
 *
 * <p>A write that fails then fails in the application's own call, where it is answered and logged as every failure
 * is (the exception's classes, never its message). Failing during the commit, it would be the transaction manager's
 * to log, and it logs the whole exception, whose message holds the SQL statement.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FlushBeforeCommit {
}
