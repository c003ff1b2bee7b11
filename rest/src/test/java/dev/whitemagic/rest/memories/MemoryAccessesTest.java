package dev.whitemagic.rest.memories;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.persistence.memory.MemoryAccessWriter;
import dev.whitemagic.persistence.memory.MemoryAccessWriter.MemoryRead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoryAccessesTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    /** Records batches; fails while {@code failing}. */
    static final class FakeWriter extends MemoryAccessWriter {
        final List<List<MemoryRead>> batches = new ArrayList<>();
        boolean failing;

        @Override
        public void write(Collection<MemoryRead> reads) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            batches.add(List.copyOf(reads));
        }
    }

    private final FakeWriter writer = new FakeWriter();
    private final MemoryAccesses accesses = new MemoryAccesses(writer);

    private static Memory memory() {
        return new Memory(UUID.randomUUID(), "t", "c", MemoryType.SHORT_TERM, List.of(), T0);
    }

    @Test
    void firstRead_isNotedOnce_andTheAnswerShowsIt_untilTheFlushWritesIt() {
        Memory memory = memory();
        accesses.read(memory, T0.plusSeconds(1));
        assertThat(memory.getAccessedAt()).isEqualTo(T0.plusSeconds(1));

        // a second read within the minute shows the noted read and notes nothing new
        accesses.read(memory, T0.plusSeconds(20));
        assertThat(memory.getAccessedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(accesses.pendingReads()).isEqualTo(1);

        accesses.flush();
        assertThat(writer.batches).containsExactly(List.of(
                new MemoryRead(memory.getId(), memory.getUserId(), T0.plusSeconds(1))));
        assertThat(accesses.pendingReads()).isZero();
        accesses.flush();
        assertThat(writer.batches).hasSize(1);
    }

    @Test
    void readOfARowTouchedWithinTheMinute_writesNothing() {
        Memory memory = memory();
        memory.touch(T0.plusSeconds(10));
        accesses.read(memory, T0.plusSeconds(70));
        assertThat(accesses.pendingReads()).isZero();
        assertThat(memory.getAccessedAt()).isEqualTo(T0.plusSeconds(10));

        accesses.read(memory, T0.plusSeconds(71));
        assertThat(accesses.pendingReads()).isEqualTo(1);
        assertThat(memory.getAccessedAt()).isEqualTo(T0.plusSeconds(71));
    }

    @Test
    void failedFlush_keepsTheReads_forTheNextFlush() {
        Memory memory = memory();
        accesses.read(memory, T0);
        writer.failing = true;
        accesses.flush();
        assertThat(accesses.pendingReads()).isEqualTo(1);

        writer.failing = false;
        accesses.flush();
        assertThat(writer.batches).containsExactly(List.of(new MemoryRead(memory.getId(), memory.getUserId(), T0)));
    }
}
