package dev.whitemagic.persistence.migration;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.whitemagic.persistence.limits.StatementTimeouts;

import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LockException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Brings the database schema up to date with Liquibase while Hibernate builds the session factory.
 * <p>
 * Why here: Payara builds the persistence unit during deployment, before any {@code @Startup} bean runs, and
 * Hibernate validates the schema ({@code hibernate.hbm2ddl.auto=validate}) at the end of that build. Integrators
 * run earlier in the same build, so the schema is migrated before it is validated, on Payara and in Java SE alike.
 * Registered through {@code META-INF/services/org.hibernate.integrator.spi.Integrator}.
 * <p>
 * A failed migration throws, which aborts the session factory and so the deployment: the application never runs
 * against a schema it was not built for.
 * <p>
 * Nodes starting together are serialised by Liquibase's lock table. A start killed mid-migration leaves that lock
 * held, and every later start waits five minutes and fails with a message that gives the statement an operator runs
 * to release it ({@code UPDATE databasechangeloglock SET locked = false ...}) once sure no node is migrating.
 */
public class LiquibaseMigrations implements Integrator {

    /** The master changelog, relative to the class path. */
    public static final String CHANGELOG = "db/changelog/changelog-master.xml";

    private static final Logger LOG = Logger.getLogger(LiquibaseMigrations.class.getName());

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        ConnectionProvider connections = sessionFactory.getServiceRegistry().requireService(ConnectionProvider.class);
        long start = System.nanoTime();
        try {
            migrate(connections);
        } catch (Exception e) {
            throw failure(e);
        }
        LOG.info(() -> "Database schema is up to date with " + CHANGELOG + " ("
                + (System.nanoTime() - start) / 1_000_000 + " ms)");
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        // Nothing to undo: migrations are not tied to the life of the session factory.
    }

    private static void migrate(ConnectionProvider connections) throws Exception {
        Connection connection = connections.getConnection();
        boolean autoCommit = connection.getAutoCommit();
        // A migration may rewrite a large table for minutes (013: 63 s at 1,000,000 memories): no statement timeout.
        try (StatementTimeouts.Lifted unbounded = StatementTimeouts.lift(connection)) {
            Scope.child(scopeValues(), () -> update(connection));
        } finally {
            release(connections, connection, autoCommit);
        }
    }

    /**
     * The changelogs and Liquibase's own services come from this module's class loader, not from whatever context
     * class loader the deploying thread has. The settings must hold whatever the server's system properties say
     * (a scope value outranks them): no analytics sent to Liquibase, no SQL in the log, messages to
     * java.util.logging rather than to the console.
     */
    private static Map<String, Object> scopeValues() {
        ClassLoader classLoader = LiquibaseMigrations.class.getClassLoader();
        return Map.of(
                Scope.Attr.classLoader.name(), classLoader,
                Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(classLoader),
                Scope.Attr.ui.name(), new LoggerUIService(),
                "liquibase.analytics.enabled", Boolean.FALSE,
                "liquibase.sql.logLevel", Level.OFF);
    }

    private static void update(Connection connection) throws Exception {
        // Not closed: closing a Liquibase Database closes the connection, which belongs to the ConnectionProvider.
        Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                .setOutput(OutputStream.nullOutputStream())
                .execute();
    }

    private static void release(ConnectionProvider connections, Connection connection, boolean autoCommit)
            throws SQLException {
        try {
            // Liquibase switches auto-commit off; a pooled connection goes back as it came.
            if (!connection.isClosed() && connection.getAutoCommit() != autoCommit) {
                connection.setAutoCommit(autoCommit);
            }
        } finally {
            connections.closeConnection(connection);
        }
    }

    private static SchemaMigrationException failure(Exception e) {
        Throwable root = e;
        boolean locked = false;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            locked |= t instanceof LockException;
            root = t;
        }
        if (locked) {
            return new SchemaMigrationException("Liquibase could not lock the database to apply " + CHANGELOG
                    + ". If no other node is migrating and an earlier start was killed mid-migration, release the lock"
                    + " with: UPDATE databasechangeloglock SET locked = false, lockgranted = NULL, lockedby = NULL"
                    + " WHERE id = 1", e);
        }
        // The root cause is the database's own words ("relation ... already exists"); the full chain, which holds
        // the failed changeset and its DDL, stays attached as the cause.
        return new SchemaMigrationException("Liquibase could not apply " + CHANGELOG
                + ", so the persistence unit does not start: " + root.getMessage(), e);
    }
}
