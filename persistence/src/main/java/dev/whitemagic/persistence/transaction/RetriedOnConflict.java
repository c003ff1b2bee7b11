package dev.whitemagic.persistence.transaction;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @Transactional} use case that writes many rows: a run undone because its transaction collided with a
 * concurrent one (a deadlock's victim, a serialization failure) runs again in a new transaction, up to
 * {@link RetriedOnConflictInterceptor#ATTEMPTS} times in all, before the failure reaches the caller.
 *
 * <p>Only for use cases whose whole effect is in the database: a run that also changed something outside it (a
 * counter in memory, a message sent) would do that twice.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RetriedOnConflict {
}
