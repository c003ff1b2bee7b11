package dev.whitemagic.persistence.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.whitemagic.persistence.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The migrated schema is the one the seed describes, with the deliberate changes (timestamptz, UTC dates, NOT NULL). */
class SchemaIT {

    private static final List<String> TABLES = List.of("users", "api_keys", "quotas", "usage_records");

    @Test
    void indexes_allExist_withTheirColumnsAndUniqueness() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("ix_users_email", "CREATE UNIQUE INDEX ix_users_email ON public.users USING btree (email)"),
                Map.entry("ix_users_whop_user_id",
                        "CREATE UNIQUE INDEX ix_users_whop_user_id ON public.users USING btree (whop_user_id)"),
                Map.entry("ix_users_plan_tier", "CREATE INDEX ix_users_plan_tier ON public.users USING btree (plan_tier)"),
                Map.entry("ix_api_keys_user_id", "CREATE INDEX ix_api_keys_user_id ON public.api_keys USING btree (user_id)"),
                Map.entry("ix_api_keys_key_hash",
                        "CREATE UNIQUE INDEX ix_api_keys_key_hash ON public.api_keys USING btree (key_hash)"),
                Map.entry("ix_api_keys_user_id_is_active",
                        "CREATE INDEX ix_api_keys_user_id_is_active ON public.api_keys USING btree (user_id, is_active)"),
                Map.entry("ix_api_keys_user_id_created_at", "CREATE INDEX ix_api_keys_user_id_created_at"
                        + " ON public.api_keys USING btree (user_id, created_at)"),
                Map.entry("ix_api_keys_replaced_by", "CREATE INDEX ix_api_keys_replaced_by"
                        + " ON public.api_keys USING btree (replaced_by) WHERE (replaced_by IS NOT NULL)"),
                Map.entry("ix_users_lower_email",
                        "CREATE UNIQUE INDEX ix_users_lower_email ON public.users USING btree (lower((email)::text))"),
                Map.entry("ix_usage_records_user_id",
                        "CREATE INDEX ix_usage_records_user_id ON public.usage_records USING btree (user_id)"),
                Map.entry("ix_usage_records_created_at",
                        "CREATE INDEX ix_usage_records_created_at ON public.usage_records USING btree (created_at)"),
                Map.entry("ix_usage_records_date",
                        "CREATE INDEX ix_usage_records_date ON public.usage_records USING btree (date)"),
                Map.entry("ix_usage_records_user_id_date",
                        "CREATE INDEX ix_usage_records_user_id_date ON public.usage_records USING btree (user_id, date)"),
                Map.entry("ix_usage_records_date_endpoint",
                        "CREATE INDEX ix_usage_records_date_endpoint ON public.usage_records USING btree (date, endpoint)"),
                Map.entry("ix_memories_user_id_created_at_id", "CREATE INDEX ix_memories_user_id_created_at_id"
                        + " ON public.memories USING btree (user_id, created_at DESC, id DESC)"),
                Map.entry("ix_memory_search_user_id_created_at_id", "CREATE INDEX ix_memory_search_user_id_created_at_id"
                        + " ON public.memory_search USING btree (user_id, created_at DESC, id DESC)"),
                Map.entry("ix_memory_search_user_id_tsv",
                        "CREATE INDEX ix_memory_search_user_id_tsv ON public.memory_search USING gin (user_id, tsv)"),
                Map.entry("ix_memory_search_user_id_title_words", "CREATE INDEX ix_memory_search_user_id_title_words"
                        + " ON public.memory_search USING gin (user_id, to_tsvector('simple'::regconfig, (title)::text))"),
                Map.entry("ix_memory_title_words_user_id_word_trgm", "CREATE INDEX ix_memory_title_words_user_id_word_trgm"
                        + " ON public.memory_title_words USING gin (user_id, word gin_trgm_ops)"),
                Map.entry("ix_idempotency_keys_created_at", "CREATE INDEX ix_idempotency_keys_created_at"
                        + " ON public.idempotency_keys USING btree (created_at)"),
                Map.entry("ix_webhook_events_received_at", "CREATE INDEX ix_webhook_events_received_at"
                        + " ON public.webhook_events USING btree (received_at)"),
                Map.entry("ix_webhook_events_membership_id_created_at",
                        "CREATE INDEX ix_webhook_events_membership_id_created_at"
                                + " ON public.webhook_events USING btree (membership_id, event_created_at)"),
                Map.entry("ix_usage_batches_written_at",
                        "CREATE INDEX ix_usage_batches_written_at ON public.usage_batches USING btree (written_at)"),
                Map.entry("ix_memory_embeddings_user_written", "CREATE INDEX ix_memory_embeddings_user_written"
                        + " ON public.memory_embeddings USING btree (user_id, written_at)"),
                Map.entry("ix_memories_embedding_pending", "CREATE INDEX ix_memories_embedding_pending"
                        + " ON public.memories USING btree (updated_at)"
                        + " WHERE (embedded_version IS DISTINCT FROM updated_at)"),
                Map.entry("ix_memories_embedding_pending_user", "CREATE INDEX ix_memories_embedding_pending_user"
                        + " ON public.memories USING btree (user_id)"
                        + " WHERE (embedded_version IS DISTINCT FROM updated_at)"));

        List<Map<String, Object>> actual = TestDatabase.query(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix\\_%'");

        assertThat(actual).hasSize(expected.size());
        actual.forEach(row -> assertThat(row.get("indexdef")).isEqualTo(expected.get((String) row.get("indexname"))));
    }

    @Test
    void quotas_leaveRoomOnEachPage_forUpdatesThatDoNotTouchTheIndex() {
        assertThat(TestDatabase.query("SELECT array_to_string(reloptions, ',') AS options FROM pg_class"
                + " WHERE relname = 'quotas'")).singleElement()
                .satisfies(row -> assertThat(row.get("options")).isEqualTo("fillfactor=50"));
    }

    @Test
    void keys_primaryAndUnique_areNamed() {
        assertThat(TestDatabase.query("SELECT conname, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def"
                + " FROM pg_constraint WHERE contype IN ('p', 'u') AND conrelid::regclass::text = ANY (?)"
                + " ORDER BY conname", (Object) TABLES.toArray(String[]::new)))
                .extracting(row -> row.get("conname"), row -> row.get("tbl"), row -> row.get("def"))
                .containsExactly(
                        tuple("pk_api_keys", "api_keys", "PRIMARY KEY (id)"),
                        tuple("pk_quotas", "quotas", "PRIMARY KEY (user_id)"),
                        tuple("pk_usage_records", "usage_records", "PRIMARY KEY (id)"),
                        tuple("pk_users", "users", "PRIMARY KEY (id)"),
                        tuple("uq_users_whop_membership_id", "users", "UNIQUE (whop_membership_id)"));
    }

    @Test
    void foreignKeys_cascadeFromUsers_andSetNullFromKeys() {
        assertThat(TestDatabase.query("SELECT conname, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def"
                + " FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY conname"))
                .extracting(row -> row.get("conname"), row -> row.get("tbl"), row -> row.get("def"))
                .containsExactly(
                        tuple("fk_api_keys_replaced_by", "api_keys",
                                "FOREIGN KEY (replaced_by) REFERENCES api_keys(id) ON DELETE SET NULL"),
                        tuple("fk_api_keys_user_id", "api_keys",
                                "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"),
                        tuple("fk_idempotency_keys_user_id", "idempotency_keys",
                                "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"),
                        tuple("fk_memories_user_id", "memories",
                                "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"),
                        tuple("fk_memory_embeddings_memory", "memory_embeddings",
                                "FOREIGN KEY (memory_id) REFERENCES memories(id) ON DELETE CASCADE"),
                        tuple("fk_memory_search_id", "memory_search",
                                "FOREIGN KEY (id) REFERENCES memories(id) ON DELETE CASCADE"),
                        tuple("fk_memory_title_words_user_id", "memory_title_words",
                                "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"),
                        tuple("fk_quotas_user_id", "quotas",
                                "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"),
                        tuple("fk_usage_records_api_key_id", "usage_records",
                                "FOREIGN KEY (api_key_id) REFERENCES api_keys(id) ON DELETE SET NULL"),
                        tuple("fk_usage_records_user_id", "usage_records",
                                "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"));
    }

    @Test
    void columns_haveTheirTypesAndNullability_andEveryInstantIsTimestamptz() {
        List<Map<String, Object>> columns = TestDatabase.query("SELECT table_name, column_name, data_type, is_nullable"
                + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY (?)"
                + " ORDER BY table_name, ordinal_position", (Object) TABLES.toArray(String[]::new));

        assertThat(columns)
                .extracting(c -> c.get("table_name"), c -> c.get("column_name"), c -> c.get("data_type"),
                        c -> c.get("is_nullable"))
                .containsExactly(
                        tuple("api_keys", "id", "uuid", "NO"),
                        tuple("api_keys", "user_id", "uuid", "NO"),
                        tuple("api_keys", "key_hash", "character varying", "NO"),
                        tuple("api_keys", "key_prefix", "character varying", "NO"),
                        tuple("api_keys", "name", "character varying", "YES"),
                        tuple("api_keys", "created_at", "timestamp with time zone", "NO"),
                        tuple("api_keys", "last_used_at", "timestamp with time zone", "YES"),
                        tuple("api_keys", "expires_at", "timestamp with time zone", "YES"),
                        tuple("api_keys", "is_active", "boolean", "NO"),
                        tuple("api_keys", "environment", "character varying", "NO"),
                        tuple("api_keys", "scopes", "ARRAY", "NO"),
                        tuple("api_keys", "revoked_at", "timestamp with time zone", "YES"),
                        tuple("api_keys", "replaced_by", "uuid", "YES"),
                        tuple("quotas", "user_id", "uuid", "NO"),
                        tuple("quotas", "requests_today", "integer", "NO"),
                        tuple("quotas", "requests_this_month", "integer", "NO"),
                        tuple("quotas", "memories_count", "integer", "NO"),
                        tuple("quotas", "storage_bytes", "bigint", "NO"),
                        tuple("quotas", "last_reset_daily", "date", "NO"),
                        tuple("quotas", "last_reset_monthly", "date", "NO"),
                        tuple("quotas", "requests_this_minute", "integer", "NO"),
                        tuple("quotas", "minute_started_at", "timestamp with time zone", "NO"),
                        tuple("usage_records", "id", "bigint", "NO"),
                        tuple("usage_records", "user_id", "uuid", "NO"),
                        tuple("usage_records", "api_key_id", "uuid", "YES"),
                        tuple("usage_records", "endpoint", "character varying", "NO"),
                        tuple("usage_records", "method", "character varying", "NO"),
                        tuple("usage_records", "status_code", "integer", "YES"),
                        tuple("usage_records", "response_time_ms", "integer", "YES"),
                        tuple("usage_records", "created_at", "timestamp with time zone", "NO"),
                        tuple("usage_records", "date", "date", "NO"),
                        tuple("users", "id", "uuid", "NO"),
                        tuple("users", "email", "character varying", "NO"),
                        tuple("users", "whop_user_id", "character varying", "YES"),
                        tuple("users", "whop_membership_id", "character varying", "YES"),
                        tuple("users", "plan_tier", "character varying", "NO"),
                        tuple("users", "created_at", "timestamp with time zone", "NO"),
                        tuple("users", "updated_at", "timestamp with time zone", "NO"),
                        tuple("users", "last_seen_at", "timestamp with time zone", "YES"));
        // Hibernate's validate accepts a plain TIMESTAMP column for an Instant (tried: it does not notice), so this
        // test is what keeps every instant column, also those of later changesets, a timestamptz.
        assertThat(columns).filteredOn(c -> c.get("column_name").toString().endsWith("_at"))
                .allSatisfy(c -> assertThat(c.get("data_type")).isEqualTo("timestamp with time zone"));
    }

    @Test
    void apiKeys_environmentIsChecked_andScopesAreText() {
        assertThat(TestDatabase.query("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint"
                + " WHERE conname = 'ck_api_keys_environment'"))
                .extracting(row -> row.get("def"))
                .containsExactly("CHECK (((environment)::text = ANY ((ARRAY['prod'::character varying, "
                        + "'test'::character varying, 'dev'::character varying])::text[])))");
        assertThat(TestDatabase.query("SELECT udt_name FROM information_schema.columns"
                + " WHERE table_name = 'api_keys' AND column_name = 'scopes'"))
                .extracting(row -> row.get("udt_name")).containsExactly("_text");
    }

    @Test
    void apiKeys_unknownEnvironment_isRefused() {
        UUID userId = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO users (id, email) VALUES ('" + userId + "', '" + userId + "@example.com')");

        assertThatThrownBy(() -> TestDatabase.execute("INSERT INTO api_keys (user_id, key_hash, key_prefix, environment)"
                + " VALUES ('" + userId + "', 'hash-" + userId + "', 'wm_live_abcdefgh', 'live')"))
                .satisfies(e -> assertThat(TestDatabase.violatedConstraint(e)).contains("ck_api_keys_environment"));
    }

    @Test
    void users_emailsDifferingOnlyInCase_areRefused() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO users (id, email) VALUES ('" + first + "', 'Case-" + first + "@Example.com')");

        assertThatThrownBy(() -> TestDatabase.execute("INSERT INTO users (id, email) VALUES ('" + second
                + "', 'case-" + first + "@example.COM')"))
                .satisfies(e -> assertThat(TestDatabase.violatedConstraint(e)).contains("ix_users_lower_email"));
    }

    @Test
    void defaults_fillEverythingButTheValuesWithoutOne() {
        UUID userId = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO users (id, email) VALUES ('" + userId + "', '" + userId + "@example.com')",
                "INSERT INTO api_keys (user_id, key_hash, key_prefix) VALUES ('" + userId + "', 'hash-" + userId
                        + "', 'wm_test_defaults')",
                "INSERT INTO quotas (user_id) VALUES ('" + userId + "')",
                "INSERT INTO usage_records (user_id, endpoint, method) VALUES ('" + userId + "', '/api/v1/me', 'GET')");

        Map<String, Object> row = TestDatabase.query("SELECT u.plan_tier, u.updated_at = u.created_at AS same_instants, k.id IS NOT NULL AS key_id, k.is_active,"
                + " k.environment, array_to_string(k.scopes, ',') AS scopes, k.revoked_at IS NULL AS not_revoked,"
                + " q.requests_today + q.requests_this_month + q.memories_count + q.storage_bytes AS counters,"
                + " r.id IS NOT NULL AS record_id"
                + " FROM users u JOIN api_keys k ON k.user_id = u.id JOIN quotas q ON q.user_id = u.id"
                + " JOIN usage_records r ON r.user_id = u.id WHERE u.id = ?", userId).get(0);

        assertThat(row).containsEntry("plan_tier", "free")
                .containsEntry("same_instants", true)
                .containsEntry("key_id", true)
                .containsEntry("is_active", true)
                .containsEntry("environment", "prod")
                .containsEntry("scopes", "memories:read,memories:write,keys:manage,usage:read")
                .containsEntry("not_revoked", true)
                .containsEntry("counters", 0L)
                .containsEntry("record_id", true);
    }

    @Test
    void dateDefaults_areTheUtcDate_whateverTheSessionTimeZone() throws SQLException {
        // UTC+14 and UTC-11: at any instant, at least one of them is on another calendar day than UTC, so a
        // CURRENT_DATE default would show in one of the two rows.
        for (String zone : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago")) {
            UUID userId = UUID.randomUUID();
            try (Connection connection = TestDatabase.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                execute(connection, "SET LOCAL TIME ZONE '" + zone + "'");
                execute(connection, "INSERT INTO users (id, email) VALUES ('" + userId + "', '" + userId + "@example.com')");
                execute(connection, "INSERT INTO quotas (user_id) VALUES ('" + userId + "')");
                execute(connection, "INSERT INTO usage_records (user_id, endpoint, method) VALUES ('" + userId
                        + "', '/api/v1/me', 'GET')");
                try (PreparedStatement statement = connection.prepareStatement("SELECT (now() AT TIME ZONE 'UTC')::date"
                        + " AS utc_today, q.last_reset_daily, q.last_reset_monthly, r.date"
                        + " FROM quotas q JOIN usage_records r ON r.user_id = q.user_id WHERE q.user_id = ?")) {
                    statement.setObject(1, userId);
                    try (ResultSet row = statement.executeQuery()) {
                        assertThat(row.next()).isTrue();
                        LocalDate utcToday = row.getObject("utc_today", LocalDate.class);
                        assertThat(row.getObject("last_reset_daily", LocalDate.class)).as(zone).isEqualTo(utcToday);
                        assertThat(row.getObject("last_reset_monthly", LocalDate.class)).as(zone).isEqualTo(utcToday);
                        assertThat(row.getObject("date", LocalDate.class)).as(zone).isEqualTo(utcToday);
                    }
                }
                connection.commit();
            }
        }
    }

    @Test
    void validate_passesOnTheMigratedSchema() {
        SessionFactory sessionFactory = TestDatabase.entityManagerFactory().unwrap(SessionFactory.class);

        sessionFactory.getSchemaManager().validateMappedObjects();
    }

    @Test
    void validate_catchesAMissingColumn() {
        DataSource database = migratedDatabase();
        TestDatabase.execute(database, "ALTER TABLE users DROP COLUMN last_seen_at");

        assertThatThrownBy(() -> TestDatabase.bootstrap(database).close())
                .isInstanceOf(PersistenceException.class)
                .rootCause().hasMessageContaining("missing column [last_seen_at]");
    }

    @Test
    void validate_catchesAColumnOfAnotherType() {
        DataSource database = migratedDatabase();
        TestDatabase.execute(database,
                "ALTER TABLE api_keys ALTER COLUMN is_active DROP DEFAULT",
                "ALTER TABLE api_keys ALTER COLUMN is_active TYPE varchar(5) USING is_active::text");

        assertThatThrownBy(() -> TestDatabase.bootstrap(database).close())
                .isInstanceOf(PersistenceException.class)
                .rootCause().hasMessageContaining("wrong column type encountered in column [is_active]");
    }

    private static DataSource migratedDatabase() {
        DataSource database = TestDatabase.newDatabase();
        try (EntityManagerFactory emf = TestDatabase.bootstrap(database)) {
            assertThat(emf.isOpen()).isTrue();
        }
        return database;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
