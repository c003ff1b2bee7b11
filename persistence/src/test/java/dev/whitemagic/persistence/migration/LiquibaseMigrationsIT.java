package dev.whitemagic.persistence.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.persistence.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integrator runs Liquibase while the session factory is built, before Hibernate's {@code validate}, and a
 * failure stops the factory.
 */
class LiquibaseMigrationsIT {

    private static final List<String> CHANGESETS = List.of(
            "create-table-users", "create-indexes-users",
            "create-table-api-keys", "create-indexes-api-keys",
            "create-table-quotas",
            "create-table-usage-records", "create-indexes-usage-records",
            "add-api-key-environment-scopes-revoked-at", "create-index-api-keys-user-id-created-at",
            "create-index-users-lower-email",
            "create-extension-pg-trgm", "create-table-memories", "create-function-wm-tags-text",
            "add-column-memories-tsv", "create-indexes-memories",
            "create-table-idempotency-keys",
            "add-columns-quotas-minute-window",
            "backfill-quotas-storage-counters",
            "create-table-webhook-events",
            "create-extension-btree-gin", "replace-memories-search-indexes-per-user",
            "set-quotas-fillfactor-50",
            "create-table-memory-search-and-triggers", "move-search-indexes-to-memory-search",
            "add-api-key-replaced-by",
            "create-server-secrets",
            "create-table-usage-batches",
            "create-table-memory-embeddings", "create-indexes-memories-embedding-pending",
            "create-table-memory-title-words", "create-index-memory-search-title-words",
            "drop-index-memory-search-title-trgm",
            "fire-memory-title-words-on-changed-titles");

    @Test
    void bootstrap_onEmptyDatabase_migratesBeforeValidating() {
        DataSource empty = TestDatabase.newDatabase();

        // validate would refuse an empty schema, so a factory that builds proves the migration ran first.
        try (EntityManagerFactory emf = TestDatabase.bootstrap(empty)) {
            assertThat(emf.isOpen()).isTrue();
        }

        assertThat(TestDatabase.query(empty,
                "SELECT id, author, filename FROM databasechangelog ORDER BY orderexecuted"))
                .extracting(row -> row.get("id"))
                .containsExactlyElementsOf(CHANGESETS);
        assertThat(TestDatabase.query(empty, "SELECT DISTINCT author FROM databasechangelog"))
                .containsExactly(Map.of("author", "whitemagic"));
        assertThat(TestDatabase.query(empty, "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_name NOT LIKE 'databasechangelog%' ORDER BY table_name"))
                .extracting(row -> row.get("table_name"))
                .containsExactly("api_keys", "idempotency_keys", "memories", "memory_embeddings", "memory_search",
                        "memory_title_words", "quotas", "server_secrets", "usage_batches", "usage_records", "users", "webhook_events");
    }

    @Test
    void recordedChecksums_areThoseOfTheReleasedList() throws Exception {
        // Ties ReleasedChangesetsTest, which computes checksums without a database, to what Liquibase records.
        Map<String, Object> recorded = new LinkedHashMap<>();
        TestDatabase.query("SELECT filename || '::' || id || '::' || author AS changeset, md5sum FROM databasechangelog"
                + " ORDER BY orderexecuted").forEach(row -> recorded.put((String) row.get("changeset"), row.get("md5sum")));

        assertThat(recorded).containsExactlyEntriesOf(ReleasedChangesetsTest.released());
    }

    @Test
    void bootstrap_twice_appliesNothingTheSecondTime() {
        DataSource database = TestDatabase.newDatabase();
        try (EntityManagerFactory first = TestDatabase.bootstrap(database)) {
            assertThat(first.isOpen()).isTrue();
        }
        List<Map<String, Object>> afterFirst = changelog(database);
        String schemaAfterFirst = schemaFingerprint(database);

        try (EntityManagerFactory second = TestDatabase.bootstrap(database)) {
            assertThat(second.isOpen()).isTrue();
        }

        assertThat(changelog(database)).isEqualTo(afterFirst).hasSize(CHANGESETS.size());
        assertThat(schemaFingerprint(database)).isEqualTo(schemaAfterFirst);
        assertThat(TestDatabase.query(database, "SELECT locked FROM databasechangeloglock"))
                .containsExactly(Map.of("locked", false));
    }

    @Test
    void bootstrap_whenMigrationFails_abortsTheFactoryWithTheReason() {
        DataSource database = TestDatabase.newDatabase();
        // A table in the way: the first changeset cannot create users.
        TestDatabase.execute(database, "CREATE TABLE users (id integer PRIMARY KEY)");

        ThrowingCallable bootstrap = () -> TestDatabase.bootstrap(database).close();

        assertThatThrownBy(bootstrap)
                .isInstanceOf(PersistenceException.class)
                .rootCause().hasMessageContaining("\"users\" already exists");
        assertThatThrownBy(bootstrap)
                .cause().isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("Liquibase could not apply db/changelog/changelog-master.xml")
                .hasMessageContaining("\"users\" already exists");
    }

    @Test
    void bootstrap_whenAnotherStartHoldsTheLock_saysHowToReleaseIt() {
        DataSource database = TestDatabase.newDatabase();
        try (EntityManagerFactory first = TestDatabase.bootstrap(database)) {
            assertThat(first.isOpen()).isTrue();
        }
        // What a start killed mid-migration leaves behind: a changeset still to run and the lock still held.
        // (With nothing to run, Liquibase does not take the lock at all.)
        TestDatabase.execute(database,
                "DELETE FROM databasechangelog WHERE id = 'create-indexes-usage-records'",
                "UPDATE databasechangeloglock SET locked = true, lockgranted = now(), lockedby = 'killed node'");
        // Liquibase would wait five minutes, polling every ten seconds: no waiting in this test.
        Map<String, String> impatience = Map.of(
                "liquibase.changelogLockWaitTimeInMinutes", "0",
                "liquibase.changelogLockPollRate", "0");
        impatience.forEach(System::setProperty);
        try {
            assertThatThrownBy(() -> TestDatabase.bootstrap(database).close())
                    .cause().isInstanceOf(SchemaMigrationException.class)
                    .hasMessageContaining("could not lock the database")
                    .hasMessageContaining("UPDATE databasechangeloglock SET locked = false");
        } finally {
            impatience.keySet().forEach(System::clearProperty);
        }
    }

    private static List<Map<String, Object>> changelog(DataSource database) {
        return TestDatabase.query(database,
                "SELECT id, author, filename, md5sum, dateexecuted, orderexecuted, exectype FROM databasechangelog"
                        + " ORDER BY orderexecuted");
    }

    private static String schemaFingerprint(DataSource database) {
        return TestDatabase.query(database, "SELECT string_agg(table_name || '.' || column_name || ':' || data_type"
                + " || ':' || is_nullable || ':' || coalesce(column_default, ''), ',' ORDER BY table_name, column_name) AS f"
                + " FROM information_schema.columns WHERE table_schema = 'public'").get(0).get("f")
                + "|" + TestDatabase.query(database, "SELECT string_agg(indexdef, ',' ORDER BY indexname) AS f"
                + " FROM pg_indexes WHERE schemaname = 'public'").get(0).get("f");
    }
}
