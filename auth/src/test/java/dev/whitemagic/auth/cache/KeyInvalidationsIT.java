package dev.whitemagic.auth.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.CallerInvalidated;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.whitemagic.persistence.notify.Notifications;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

class KeyInvalidationsIT {

    private static final Logger LOG = Logger.getLogger(KeyInvalidationsIT.class.getName());

    private static EmbeddedPostgres postgres;

    private final VerifiedKeyCache cache = new VerifiedKeyCache(Duration.ofMinutes(5), 10_000,
            com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    private KeyInvalidations invalidations;

    @BeforeAll
    static void startPostgres() throws Exception {
        Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void startListening() {
        invalidations = new KeyInvalidations(cache, KeyInvalidationsIT::listenerConnection, Thread::new);
        invalidations.start();
        await("listener connected", () -> invalidations.establishedConnections() >= 1);
    }

    @AfterEach
    void stopListening() {
        invalidations.stop();
    }

    private static Notifications.Subscription listenerConnection() throws SQLException {
        Connection connection = postgres.getPostgresDatabase().getConnection();
        try (PreparedStatement statement = connection.prepareStatement("set application_name = '"
                + KeyInvalidations.APPLICATION_NAME + "'")) {
            statement.execute();
        }
        return Notifications.Subscription.on(connection, KeyInvalidations.CHANNEL);
    }

    @Test
    void notify_fromAnotherConnection_evictsTheKey_withinASecond() throws Exception {
        Caller revoked = VerifiedKeyCacheTest.caller(UUID.randomUUID());
        Caller kept = VerifiedKeyCacheTest.caller(revoked.userId());
        cache.put("hash-revoked", revoked);
        cache.put("hash-kept", kept);

        long micros;
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            long sent = System.nanoTime();
            send(connection, "select pg_notify(?, ?)",
                    KeyInvalidations.payload(CallerInvalidated.key(revoked.userId(), revoked.keyId())));
            await("eviction", () -> cache.get("hash-revoked").isEmpty());
            micros = (System.nanoTime() - sent) / 1_000;
        }

        LOG.info("NOTIFY to eviction: " + micros + " µs");
        assertThat(micros).isLessThan(1_000_000);
        assertThat(cache.get("hash-kept")).contains(kept);
    }

    @Test
    void notify_forAUser_evictsAllOfThatUsersKeys_andNoOthers() throws Exception {
        UUID user = UUID.randomUUID();
        Caller other = VerifiedKeyCacheTest.caller(UUID.randomUUID());
        cache.put("hash-1", VerifiedKeyCacheTest.caller(user));
        cache.put("hash-2", VerifiedKeyCacheTest.caller(user));
        cache.put("hash-other", other);

        notifyFromAnotherConnection(KeyInvalidations.payload(CallerInvalidated.user(user)));
        await("eviction", () -> cache.get("hash-1").isEmpty() && cache.get("hash-2").isEmpty());

        assertThat(cache.get("hash-other")).contains(other);
    }

    @Test
    void notifyStatement_isDeliveredOnCommit_andNotOnRollback() throws Exception {
        Caller rolledBack = VerifiedKeyCacheTest.caller(UUID.randomUUID());
        Caller committed = VerifiedKeyCacheTest.caller(UUID.randomUUID());
        cache.put("hash-rolled-back", rolledBack);
        cache.put("hash-committed", committed);
        String sql = Notifications.NOTIFY_SQL.replace("?1", "?").replace("?2", "?");

        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            connection.setAutoCommit(false);
            send(connection, sql, KeyInvalidations.payload(CallerInvalidated.user(rolledBack.userId())));
            connection.rollback();
            send(connection, sql, KeyInvalidations.payload(CallerInvalidated.user(committed.userId())));
            // A marker committed from another connection now: once the listener has applied it, it has received
            // every notification committed before, and the open transaction's must not be among them.
            Caller marker = VerifiedKeyCacheTest.caller(UUID.randomUUID());
            cache.put("hash-marker", marker);
            notifyFromAnotherConnection(KeyInvalidations.payload(CallerInvalidated.user(marker.userId())));
            await("marker evicted", () -> cache.get("hash-marker").isEmpty());
            assertThat(cache.get("hash-committed")).as("not before the commit").isPresent();
            connection.commit();
        }
        await("eviction on commit", () -> cache.get("hash-committed").isEmpty());

        assertThat(cache.get("hash-rolled-back")).contains(rolledBack);
    }

    @Test
    void unreadablePayload_dropsTheWholeCache() throws Exception {
        cache.put("hash-1", VerifiedKeyCacheTest.caller(UUID.randomUUID()));

        notifyFromAnotherConnection("not-a-uuid");

        await("cache cleared", () -> cache.size() == 0);
    }

    @Test
    void terminatedBackend_reconnects_andDropsTheWholeCache() throws Exception {
        cache.put("hash-1", VerifiedKeyCacheTest.caller(UUID.randomUUID()));
        cache.put("hash-2", VerifiedKeyCacheTest.caller(UUID.randomUUID()));

        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement kill = connection.prepareStatement(
                     "select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?")) {
            kill.setString(1, KeyInvalidations.APPLICATION_NAME);
            kill.execute();
        }
        await("reconnected", () -> invalidations.establishedConnections() >= 2);

        assertThat(cache.size()).isZero();
        Caller later = VerifiedKeyCacheTest.caller(UUID.randomUUID());
        cache.put("hash-later", later);
        notifyFromAnotherConnection(KeyInvalidations.payload(CallerInvalidated.key(later.userId(), later.keyId())));
        await("eviction after reconnection", () -> cache.get("hash-later").isEmpty());
    }

    @Test
    void stop_endsTheListenerThread() {
        assertThat(invalidations.listenerAlive()).isTrue();

        long started = System.nanoTime();
        invalidations.stop();

        assertThat(invalidations.listenerAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    private static void notifyFromAnotherConnection(String payload) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            send(connection, "select pg_notify(?, ?)", payload);
        }
    }

    private static void send(Connection connection, String sql, String payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, KeyInvalidations.CHANNEL);
            statement.setString(2, payload);
            statement.execute();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
