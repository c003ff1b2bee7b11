package dev.whitemagic.persistence.notify;

import dev.whitemagic.persistence.PersistenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL notifications. Publishing runs {@code pg_notify} in the caller's transaction, so PostgreSQL delivers
 * the notification only if that transaction commits. Listening needs a connection of its own, opened with
 * {@link DriverManager}: a pooled connection never recovers from a killed backend and would be taken from the
 * request pool for good.
 */
@ApplicationScoped
public class Notifications {

    /**
     * pg_notify returns void, which JPA cannot map; counting the one row forces the call and yields a number.
     * A volatile function in a subquery's select list is evaluated even though its value is not used.
     */
    public static final String NOTIFY_SQL = "select count(*) from (select pg_notify(?1, ?2)) as sent";

    /** A channel is an identifier in LISTEN; only plain names are accepted, so none is ever quoted or injected. */
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    @PersistenceContext(unitName = "whitemagic")
    EntityManager entityManager;

    @Inject
    PersistenceConfig config;

    /**
     * Sends a notification inside the caller's transaction: PostgreSQL holds it back until the transaction commits
     * and drops it on rollback. Without a transaction it is sent at once.
     */
    public void publish(String channel, String payload) {
        entityManager.createNativeQuery(NOTIFY_SQL)
                .setParameter(1, requireChannel(channel))
                .setParameter(2, payload)
                .getSingleResult();
    }

    /**
     * Opens a dedicated connection to the configured database and listens on the channel.
     *
     * @param applicationName shown in {@code pg_stat_activity}, so an operator can find the listener's backend
     */
    public Subscription subscribe(String channel, String applicationName) throws SQLException {
        if (!org.postgresql.Driver.isRegistered()) {
            // The driver lives in the WAR, where DriverManager's own service lookup does not see it.
            org.postgresql.Driver.register();
        }
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        config.password().ifPresent(value -> properties.setProperty("password", value));
        properties.setProperty("ApplicationName", applicationName);
        // Bounds the liveness probe on a dead network path; the notification wait sets its own timeout.
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("tcpKeepAlive", "true");
        return Subscription.on(DriverManager.getConnection(config.url(), properties), channel);
    }

    private static String requireChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        return channel;
    }

    /** A connection that listens on one channel; closing it ends the subscription. */
    public static final class Subscription implements AutoCloseable {

        private final Connection connection;

        private Subscription(Connection connection) {
            this.connection = connection;
        }

        /**
         * Listens on the channel with a connection the caller opened; the subscription owns it from now on (closed
         * with it, also if LISTEN fails).
         */
        public static Subscription on(Connection connection, String channel) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + requireChannel(channel));
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new Subscription(connection);
        }

        /**
         * Waits up to {@code millis} for notifications.
         *
         * @return the payloads received, oldest first; empty if none came
         */
        public List<String> poll(int millis) throws SQLException {
            PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(millis);
            List<String> payloads = new ArrayList<>();
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    payloads.add(notification.getParameter());
                }
            }
            return payloads;
        }

        /** Sends a trivial query: a half-open TCP connection delivers no notification and raises no error otherwise. */
        public void probe() throws SQLException {
            try (Statement probe = connection.createStatement()) {
                probe.execute("select 1");
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
