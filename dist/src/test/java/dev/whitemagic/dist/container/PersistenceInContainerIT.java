package dev.whitemagic.dist.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.quota.Quota;
import dev.whitemagic.domain.user.User;
import jakarta.annotation.Resource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The persistence unit as Payara runs it: JTA transactions from the container, Hibernate as the
 * provider, the schema from Liquibase. The deployment is the packaged WAR plus this class (so it
 * asserts with JUnit's own assertions, which Arquillian ships into the deployment).
 */
@ExtendWith(ArquillianExtension.class)
class PersistenceInContainerIT {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/whitemagic.war"))
                .addClass(PersistenceInContainerIT.class);
    }

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    @Resource
    UserTransaction transaction;

    private final Instant now = Instant.parse("2026-11-25T08:00:00Z");

    private <T> T inTransaction(Callable<T> work) throws Exception {
        transaction.begin();
        try {
            T result = work.call();
            transaction.commit();
            return result;
        } catch (Exception | Error e) {
            transaction.rollback();
            throw e;
        }
    }

    private static String email() {
        return "container-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void userWithQuotaAndKey_persistInOneJtaTransaction_andReadBack() throws Exception {
        User saved = inTransaction(() -> {
            User user = new User(email(), "pro", now);
            entityManager.persist(user);
            entityManager.persist(new Quota(user, LocalDate.ofInstant(now, ZoneOffset.UTC)));
            entityManager.persist(new ApiKey(user, "a".repeat(64), "wm_test_abcdefgh", "ci", now, null));
            return user;
        });

        // A fresh transaction, so everything is read back from the database.
        inTransaction(() -> {
            User found = entityManager.find(User.class, saved.getId());
            assertEquals("pro", found.getPlanTier());
            assertEquals(now, found.getCreatedAt());
            assertEquals(0, entityManager.find(Quota.class, saved.getId()).getRequestsToday());
            assertEquals(1, found.getApiKeys().size());
            return null;
        });
    }

    @Test
    void failedTransaction_leavesNothingBehind() throws Exception {
        String email = email();
        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            entityManager.persist(new User(email, now));
            entityManager.flush();
            throw new IllegalStateException("the use case failed after the insert");
        }));

        Long count = entityManager.createQuery("select count(u) from User u where u.email = :email", Long.class)
                .setParameter("email", email).getSingleResult();
        assertEquals(0L, count);
    }

    @Test
    void instants_roundTripAsUtc_whateverTheSessionZone() throws Exception {
        User saved = inTransaction(() -> {
            User user = new User(email(), now);
            entityManager.persist(user);
            return user;
        });
        Object stored = entityManager.createNativeQuery(
                        "select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') from users where id = ?1")
                .setParameter(1, saved.getId()).getSingleResult();
        assertEquals("2026-11-25T08:00:00", stored);
    }
}
