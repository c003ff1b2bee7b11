package dev.whitemagic.domain.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.ConflictException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

class MemoryTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final UUID USER = UUID.randomUUID();

    private static Memory memory() {
        return new Memory(USER, "Title", "Content", MemoryType.SHORT_TERM, List.of("a", "b"), T0);
    }

    @Test
    void new_isActive_withSizeInUtf8Bytes() {
        // "Grüße" is 7 bytes, "日本" 6, "é" 2.
        Memory memory = new Memory(USER, "Grüße", "日本", MemoryType.LONG_TERM, List.of("é", "x"), T0);

        assertThat(memory.getSizeBytes()).isEqualTo(7 + 6 + 2 + 1);
        assertThat(memory.getStatus()).isEqualTo(MemoryStatus.ACTIVE);
        assertThat(memory.getCreatedAt()).isEqualTo(T0).isEqualTo(memory.getUpdatedAt());
        assertThat(memory.getAccessedAt()).isNull();
        assertThat(memory.getTags()).containsExactly("é", "x");
    }

    @Test
    void sizeOf_countsTagsWithoutSeparators() {
        assertThat(Memory.sizeOf("ab", "c", List.of("de", "f"))).isEqualTo(6);
        assertThat(Memory.sizeOf("ab", "c", null)).isEqualTo(3);
        assertThat(Memory.sizeOf("€", "😀", List.of())).isEqualTo(3 + 4);
    }

    @Test
    void new_blankTitleOrContent_isRefused() {
        assertThatThrownBy(() -> new Memory(USER, " ", "c", MemoryType.SHORT_TERM, List.of(), T0))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Memory(USER, "t", "\n", MemoryType.SHORT_TERM, List.of(), T0))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Memory(USER, "t".repeat(501), "c", MemoryType.SHORT_TERM, List.of(), T0))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void new_tagsAreNormalisedEvenIfTheCallerForgot() {
        Memory memory = new Memory(USER, "t", "c", MemoryType.SHORT_TERM, List.of(" A b ", "a_b"), T0);

        assertThat(memory.getTags()).containsExactly("a_b");
    }

    @Test
    void edit_nullsLeaveFieldsAlone_andSizeAndUpdatedAtFollow() {
        Memory memory = memory();

        memory.edit(new MemoryEdit(null, "Longer content", null, null, null, null), T0.plusSeconds(5));

        assertThat(memory.getTitle()).isEqualTo("Title");
        assertThat(memory.getContent()).isEqualTo("Longer content");
        assertThat(memory.getType()).isEqualTo(MemoryType.SHORT_TERM);
        assertThat(memory.getTags()).containsExactly("a", "b");
        assertThat(memory.getSizeBytes()).isEqualTo(5 + 14 + 2);
        assertThat(memory.getUpdatedAt()).isEqualTo(T0.plusSeconds(5));

        memory.edit(new MemoryEdit("T", null, MemoryType.LONG_TERM, List.of("Z"), null, null), T0.plusSeconds(6));
        assertThat(memory.getTags()).containsExactly("z");
        assertThat(memory.getType()).isEqualTo(MemoryType.LONG_TERM);
        assertThat(memory.getSizeBytes()).isEqualTo(1 + 14 + 1);
    }

    @Test
    void sizeAfter_isTheSizeEditWillGive_withoutChangingTheMemory() {
        Memory memory = memory();
        long before = memory.getSizeBytes();

        MemoryEdit edit = new MemoryEdit(null, "Ünïcode content", null, List.of(" New Tag ", "a", "A"), null, null);
        long predicted = memory.sizeAfter(edit);
        assertThat(memory.getSizeBytes()).isEqualTo(before);
        assertThat(memory.sizeAfter(new MemoryEdit(null, null, MemoryType.SHORT_TERM, null, null, null))).isEqualTo(before);

        memory.edit(edit, T0.plusSeconds(1));
        assertThat(memory.getSizeBytes()).isEqualTo(predicted).isEqualTo(5 + 17 + 7 + 1);
    }

    @Test
    void edit_blankTitle_isRefused() {
        assertThatThrownBy(() -> new MemoryEdit("", null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("title");
    }

    @Test
    void anEditOfNothing_isRefused_onTheBody() {
        assertThatThrownBy(() -> new MemoryEdit(null, null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("body");
    }

    @Test
    void edit_addsThenRemovesTags_inTheirNormalForm() {
        Memory memory = memory();

        memory.edit(new MemoryEdit(null, null, null, null, List.of("C", " A "), List.of("B")), T0.plusSeconds(1));

        assertThat(memory.getTags()).containsExactly("a", "c");
        assertThat(memory.getSizeBytes()).isEqualTo(5 + 7 + 2);
    }

    @Test
    void edit_pastTheTagLimit_isRefused_andChangesNothing() {
        Memory memory = memory();
        List<String> many = java.util.stream.IntStream.range(0, Tags.MAX_TAGS - 1).mapToObj(i -> "t" + i).toList();
        MemoryEdit edit = new MemoryEdit(null, null, null, null, many, null);

        assertThatThrownBy(() -> memory.edit(edit, T0.plusSeconds(1))).isInstanceOf(InvalidInputException.class)
                .extracting("field").isEqualTo("tags");
        assertThat(memory.getTags()).containsExactly("a", "b");
        assertThat(memory.getUpdatedAt()).isEqualTo(T0);
    }

    @Test
    void etag_isQuotedAndStable_unchangedByTouch_changedByEdit() {
        Memory memory = memory();
        String before = memory.etag();

        assertThat(before).matches("\"[0-9a-f]{16}\"");
        assertThat(memory.etag()).isEqualTo(before);

        memory.touch(T0.plusSeconds(60));
        assertThat(memory.getAccessedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(memory.etag()).isEqualTo(before);

        memory.edit(new MemoryEdit("New", null, null, null, null, null), T0.plusSeconds(61));
        assertThat(memory.etag()).isNotEqualTo(before);
    }

    @Test
    void etag_differsBetweenMemories() {
        assertThat(memory().etag()).isNotEqualTo(memory().etag());
    }

    @Test
    void etag_ignoresNanosecondsThatTheDatabaseDrops() {
        Memory memory = new Memory(USER, "t", "c", MemoryType.SHORT_TERM, List.of(), T0.plusNanos(1_234_567));

        assertThat(memory.getCreatedAt()).isEqualTo(T0.plusNanos(1_234_000));
    }

    @Test
    void touch_neverMovesBackwards() {
        Memory memory = memory();
        memory.touch(T0.plusSeconds(10));
        memory.touch(T0.plusSeconds(5));

        assertThat(memory.getAccessedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void archive_isIdempotent_andRestoreReturnsTheOriginalType() {
        Memory memory = new Memory(USER, "t", "c", MemoryType.LONG_TERM, List.of(), T0);
        String active = memory.etag();

        assertThat(memory.archive(T0.plusSeconds(1))).isTrue();
        assertThat(memory.archive(T0.plusSeconds(2))).isFalse();
        assertThat(memory.getStatus()).isEqualTo(MemoryStatus.ARCHIVED);
        assertThat(memory.getArchivedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(memory.getOriginalType()).isEqualTo(MemoryType.LONG_TERM);
        assertThat(memory.etag()).isNotEqualTo(active);

        memory.restore(T0.plusSeconds(3));
        assertThat(memory.getStatus()).isEqualTo(MemoryStatus.ACTIVE);
        assertThat(memory.getType()).isEqualTo(MemoryType.LONG_TERM);
        assertThat(memory.getArchivedAt()).isNull();
        assertThat(memory.getOriginalType()).isNull();
    }

    @Test
    void restore_activeMemory_isAConflict() {
        assertThatThrownBy(() -> memory().restore(T0)).isInstanceOf(ConflictException.class)
                .hasMessage("memory is not archived");
    }

    @Test
    void edit_typeOfArchivedMemory_isTheTypeItIsRestoredTo() {
        Memory memory = memory();
        memory.archive(T0.plusSeconds(1));
        memory.edit(new MemoryEdit(null, null, MemoryType.LONG_TERM, null, null, null), T0.plusSeconds(2));
        memory.restore(T0.plusSeconds(3));

        assertThat(memory.getType()).isEqualTo(MemoryType.LONG_TERM);
    }
}
