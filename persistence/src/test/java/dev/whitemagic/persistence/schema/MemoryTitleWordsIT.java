package dev.whitemagic.persistence.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

/**
 * memory_title_words holds the words of each user's titles (what the typo fallback corrects a query word against),
 * filled by triggers when a title is written or changed, and gone with the user.
 */
class MemoryTitleWordsIT {

    private static List<Object> words(UUID user) {
        return TestDatabase.query("SELECT word FROM memory_title_words WHERE user_id = ? ORDER BY word", user).stream()
                .map(row -> row.get("word")).toList();
    }

    @Test
    void insertAndTitleUpdate_addTheTitlesWords_lowerCased_unstemmed_onceEach() {
        UUID user = user();
        UUID other = user();
        UUID id = UUID.randomUUID();
        insert(id, user, "Postgres Replication: the replication lag");
        insert(UUID.randomUUID(), other, "Grocery list");

        assertThat(words(user)).containsExactly("lag", "postgres", "replication", "the");

        TestDatabase.execute("UPDATE memories SET title = 'Replicas behind' WHERE id = '" + id + "'");
        assertThat(words(user)).containsExactly("behind", "lag", "postgres", "replicas", "replication", "the");
        assertThat(words(other)).containsExactly("grocery", "list");
    }

    @Test
    void anUpdateThatKeepsTheTitle_doesNotWriteItsWordsAgain() {
        UUID user = user();
        UUID id = UUID.randomUUID();
        insert(id, user, "Release checklist");
        // Removed behind the trigger's back: a word written again would reappear.
        TestDatabase.execute("DELETE FROM memory_title_words WHERE user_id = '" + user + "' AND word = 'release'");

        TestDatabase.execute("UPDATE memories SET status = 'archived', archived_at = now(), tags = ARRAY['ops'],"
                + " content = 'changed'"
                + " WHERE id = '" + id + "'");
        assertThat(words(user)).containsExactly("checklist");

        TestDatabase.execute("UPDATE memories SET title = 'Release checklist v2' WHERE id = '" + id + "'");
        assertThat(words(user)).containsExactly("checklist", "release", "v2");
    }

    @Test
    void aDeletedMemorysWordsStay_andGoWithTheUser() {
        UUID user = user();
        UUID id = UUID.randomUUID();
        insert(id, user, "Kubernetes notes");

        TestDatabase.execute("DELETE FROM memories WHERE id = '" + id + "'");
        assertThat(words(user)).containsExactly("kubernetes", "notes");

        TestDatabase.execute("DELETE FROM users WHERE id = '" + user + "'");
        assertThat(words(user)).isEmpty();
    }

    @Test
    void theSameWords_writtenAgain_areNotAnError() {
        UUID user = user();
        insert(UUID.randomUUID(), user, "Deploy notes");
        insert(UUID.randomUUID(), user, "deploy NOTES deploy");

        assertThat(words(user)).containsExactly("deploy", "notes");
    }

    private static void insert(UUID id, UUID user, String title) {
        TestDatabase.execute("INSERT INTO memories (id, user_id, title, content, type, size_bytes) VALUES ('" + id
                + "', '" + user + "', '" + title + "', 'c', 'short_term', 1)");
    }

    private static UUID user() {
        UUID userId = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO users (id, email) VALUES ('" + userId + "', '" + userId + "@example.com')");
        return userId;
    }
}
