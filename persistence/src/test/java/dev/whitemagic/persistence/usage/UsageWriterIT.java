package dev.whitemagic.persistence.usage;

import static dev.whitemagic.persistence.usage.UsageFixtures.T0;
import static dev.whitemagic.persistence.usage.UsageFixtures.owner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.usage.UsageFixtures.Owner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class UsageWriterIT {

    private final UsageWriter writer = new UsageWriter(TestDatabase.dataSource());

    private static List<Map<String, Object>> rowsOf(UUID userId) {
        return TestDatabase.query("select user_id, api_key_id, endpoint, method, status_code, response_time_ms,"
                + " created_at, date from usage_records where user_id = ? order by id", userId);
    }

    @Test
    void write_insertsOneRowPerRequest_withEveryColumn() {
        Owner owner = owner();
        List<MeteredRequest> requests = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            requests.add(new MeteredRequest(owner.userId(), owner.keyId(), "/api/v1/memories/{id}", "GET",
                    i % 5 == 0 ? 404 : 200, i, T0.plusMillis(i)));
        }

        int inserted = writer.write(requests);

        assertThat(inserted).isEqualTo(250);
        List<Map<String, Object>> rows = rowsOf(owner.userId());
        assertThat(rows).hasSize(250);
        Map<String, Object> fifth = rows.stream().filter(r -> r.get("response_time_ms").equals(5)).findFirst()
                .orElseThrow();
        assertThat(fifth)
                .containsEntry("user_id", owner.userId())
                .containsEntry("api_key_id", owner.keyId())
                .containsEntry("endpoint", "/api/v1/memories/{id}")
                .containsEntry("method", "GET")
                .containsEntry("status_code", 404)
                .containsEntry("response_time_ms", 5);
        assertThat(((Timestamp) fifth.get("created_at")).toInstant()).isEqualTo(T0.plusMillis(5));
        assertThat(fifth.get("date").toString()).isEqualTo("2026-11-25");
    }

    @Test
    void write_dateIsTheUtcDate_whateverTheSessionTimeZone() throws SQLException {
        Owner owner = owner();
        DataSource tokyo = new SessionZoneDataSource(TestDatabase.dataSource(), "Asia/Tokyo");

        // 23:30 UTC is already the next day in Tokyo.
        new UsageWriter(tokyo).write(List.of(new MeteredRequest(owner.userId(), owner.keyId(), "/api/v1/tags",
                "GET", 200, 3, Instant.parse("2026-11-24T23:30:00Z"))));

        assertThat(rowsOf(owner.userId()).get(0).get("date").toString()).isEqualTo("2026-11-24");
    }

    @Test
    void write_withoutKeyOrResponseTime_storesNulls() {
        Owner owner = owner();

        writer.write(List.of(new MeteredRequest(owner.userId(), null, "unmatched", "DELETE", 405, null, T0)));

        assertThat(rowsOf(owner.userId()).get(0)).containsEntry("api_key_id", null)
                .containsEntry("response_time_ms", null).containsEntry("status_code", 405);
    }

    @Test
    void write_userDeletedMeanwhile_leavesOnlyThatUsersRowsOut() {
        Owner kept = owner();
        UUID deletedUser = UUID.randomUUID();

        int inserted = writer.write(List.of(
                new MeteredRequest(deletedUser, UUID.randomUUID(), "/api/v1/me", "GET", 200, 1, T0),
                new MeteredRequest(kept.userId(), kept.keyId(), "/api/v1/me", "GET", 200, 1, T0)));

        assertThat(inserted).isEqualTo(1);
        assertThat(rowsOf(kept.userId())).hasSize(1);
        assertThat(rowsOf(deletedUser)).isEmpty();
    }

    @Test
    void write_keyDeletedMeanwhile_keepsTheRow_withoutTheKey() {
        Owner owner = owner();

        writer.write(List.of(new MeteredRequest(owner.userId(), UUID.randomUUID(), "/api/v1/me", "GET", 200, 1, T0)));

        assertThat(rowsOf(owner.userId())).singleElement().satisfies(row ->
                assertThat(row).containsEntry("api_key_id", null));
    }

    @Test
    void write_overlongMethodAndEndpoint_areCutToTheirColumns_ratherThanFailingTheBatch() {
        Owner owner = owner();
        String longRoute = "/api/v1/" + "x".repeat(200);

        writer.write(List.of(new MeteredRequest(owner.userId(), owner.keyId(), longRoute, "VERYLONGMETHOD", 405, 1,
                T0)));

        Map<String, Object> row = rowsOf(owner.userId()).get(0);
        assertThat((String) row.get("endpoint")).hasSize(100).startsWith("/api/v1/xxx");
        assertThat(row).containsEntry("method", "VERYLONGME");
    }

    @Test
    void write_databaseRefuses_throws_andWritesNothing() {
        Owner owner = owner();
        DataSource broken = new SessionZoneDataSource(TestDatabase.dataSource(), "Europe/Berlin") {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                try (var statement = connection.createStatement()) {
                    statement.execute("set default_transaction_read_only = on");
                }
                return connection;
            }
        };

        assertThatThrownBy(() -> new UsageWriter(broken).write(List.of(
                new MeteredRequest(owner.userId(), owner.keyId(), "/api/v1/me", "GET", 200, 1, T0),
                new MeteredRequest(owner.userId(), owner.keyId(), "/api/v1/me", "GET", 200, 1, T0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 usage records");
        assertThat(rowsOf(owner.userId())).isEmpty();
    }

    @Test
    void aBatchWrittenBefore_isNotWrittenTwice_butTheSameRequestsAtOtherInstantsAre() {
        Owner owner = owner();
        List<MeteredRequest> batch = List.of(
                new MeteredRequest(owner.userId(), owner.keyId(), "/api/v1/me", "GET", 200, 3, T0.plusMillis(1)),
                new MeteredRequest(owner.userId(), owner.keyId(), "/api/v1/me", "GET", 200, 3, T0.plusMillis(2)));

        assertThat(writer.write(batch)).isEqualTo(2);
        // A retry after the first commit reached the database unseen: the same batch again.
        writer.write(List.copyOf(batch));
        assertThat(rowsOf(owner.userId())).hasSize(2);

        writer.write(List.of(
                new MeteredRequest(owner.userId(), owner.keyId(), "/api/v1/me", "GET", 200, 3, T0.plusMillis(3)),
                new MeteredRequest(owner.userId(), owner.keyId(), "/api/v1/me", "GET", 200, 3, T0.plusMillis(4))));
        assertThat(rowsOf(owner.userId())).hasSize(4);
    }

    @Test
    void write_emptyBatch_writesNothing() {
        assertThat(writer.write(List.of())).isZero();
    }
}
