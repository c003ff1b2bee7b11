package dev.whitemagic.persistence.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The batched reset walks quotas in primary-key order and continues after the largest id of the last batch, so the
 * Java comparison must order uuids exactly as PostgreSQL does (unsigned bytes), not as {@link UUID#compareTo}.
 */
class RequestCountersOrderIT {

    @Test
    void compare_ordersUuidsAsPostgresDoes() {
        List<UUID> ids = new ArrayList<>(List.of(
                UUID.fromString("ffffffff-0000-0000-0000-000000000000"),
                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"),
                UUID.fromString("80000000-0000-0000-0000-000000000000"),
                UUID.fromString("80000000-0000-0000-8000-000000000000"),
                UUID.fromString("80000000-0000-0000-7fff-ffffffffffff"),
                UUID.fromString("00000000-0000-0000-0000-000000000000")));
        List<Map<String, Object>> postgres = TestDatabase.query(
                "SELECT id FROM unnest(CAST(? AS uuid[])) AS id ORDER BY id",
                (Object) ids.stream().map(UUID::toString).toArray(String[]::new));

        ids.sort(RequestCounters::compare);

        assertThat(ids).isEqualTo(postgres.stream().map(row -> (UUID) row.get("id")).toList());
        assertThat(ids.get(0)).as("the walk starts at the smallest uuid").isEqualTo(new UUID(0, 0));
    }
}
