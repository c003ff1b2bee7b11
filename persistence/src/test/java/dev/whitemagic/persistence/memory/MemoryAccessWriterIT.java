package dev.whitemagic.persistence.memory;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.CountingDataSource;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.memory.MemoryAccessWriter.MemoryRead;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoryAccessWriterIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private final MemoryAccessWriter writer = new MemoryAccessWriter(TestDatabase.dataSource());

    private static UUID persistedUser() {
        User user = new User("accesses-" + UUID.randomUUID() + "@example.com", T0);
        inTransaction(em -> em.persist(user));
        return user.getId();
    }

    private static Memory persisted(UUID userId) {
        Memory memory = new Memory(userId, "title", "content", MemoryType.SHORT_TERM, List.of("t"), T0);
        inTransaction(em -> new MemoryRepository(em).persist(memory));
        return memory;
    }

    private static Memory load(UUID userId, UUID id) {
        return fromTransaction(em -> new MemoryRepository(em).find(userId, id)).orElseThrow();
    }

    @Test
    void write_movesAccessedAtForwardOnly_toTheLatestReadOfTheBatch_andLeavesTheEtag() {
        UUID user = persistedUser();
        Memory first = persisted(user);
        Memory second = persisted(user);

        writer.write(List.of(new MemoryRead(first.getId(), user, T0.plusSeconds(10)),
                new MemoryRead(first.getId(), user, T0.plusSeconds(70)),
                new MemoryRead(second.getId(), user, Instant.parse("2026-11-25T08:05:42.654321Z"))));
        writer.write(List.of(new MemoryRead(first.getId(), user, T0.plusSeconds(30))));

        Memory loaded = load(user, first.getId());
        assertThat(loaded.getAccessedAt()).isEqualTo(T0.plusSeconds(70));
        assertThat(loaded.etag()).isEqualTo(first.etag());
        assertThat(load(user, second.getId()).getAccessedAt()).isEqualTo(Instant.parse("2026-11-25T08:05:42.654321Z"));
    }

    @Test
    void write_skipsOtherUsersMemories_andMemoriesThatAreGone() {
        UUID owner = persistedUser();
        UUID stranger = persistedUser();
        Memory memory = persisted(owner);

        writer.write(List.of(new MemoryRead(memory.getId(), stranger, T0.plusSeconds(5)),
                new MemoryRead(UUID.randomUUID(), owner, T0.plusSeconds(5))));

        assertThat(load(owner, memory.getId()).getAccessedAt()).isNull();
    }

    @Test
    void write_emptyBatch_neverTouchesTheDatabase() {
        CountingDataSource counting = new CountingDataSource(TestDatabase.dataSource());

        new MemoryAccessWriter(counting.dataSource()).write(List.of());

        assertThat(counting.connections()).isZero();
    }

    @Test
    void write_aBatch_usesOneConnection() {
        UUID user = persistedUser();
        Memory memory = persisted(user);
        CountingDataSource counting = new CountingDataSource(TestDatabase.dataSource());

        new MemoryAccessWriter(counting.dataSource()).write(List.of(new MemoryRead(memory.getId(), user, T0.plusSeconds(5))));

        assertThat(counting.connections()).isEqualTo(1);
    }
}
