package dev.whitemagic.persistence.migration;

import static org.assertj.core.api.Assertions.assertThat;

import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A released changeset is never edited: Liquibase would refuse to start on every database that already ran it, and
 * a build that tests on fresh databases would not notice. This test pins the checksum of each released changeset
 * (listed in {@code db/changelog/released-changesets.txt} under the test resources).
 * <p>
 * To release a new changeset, add its line; the failure message of {@link #everyChangeset_isListedAsReleased()}
 * gives it. To change the schema, add a changeset, never edit one.
 */
class ReleasedChangesetsTest {

    private static final String RELEASED = "db/changelog/released-changesets.txt";

    @Test
    void releasedChangesets_areUnchanged() throws Exception {
        Map<String, String> current = currentChecksums();

        released().forEach((changeSet, checksum) -> assertThat(current)
                .as("released changeset %s must stay as it was released: add a new changeset instead", changeSet)
                .containsEntry(changeSet, checksum));
    }

    @Test
    void everyChangeset_isListedAsReleased() throws Exception {
        Map<String, String> released = released();
        StringBuilder missing = new StringBuilder();
        currentChecksums().forEach((changeSet, checksum) -> {
            if (!released.containsKey(changeSet)) {
                missing.append(System.lineSeparator()).append(changeSet).append(' ').append(checksum);
            }
        });

        assertThat(missing).as("changesets missing from %s; add these lines:%s", RELEASED, missing).isEmpty();
    }

    private static Map<String, String> currentChecksums() throws Exception {
        ResourceAccessor resources = new ClassLoaderResourceAccessor(ReleasedChangesetsTest.class.getClassLoader());
        AtomicReference<DatabaseChangeLog> changeLog = new AtomicReference<>();
        Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resources, "liquibase.analytics.enabled", false),
                () -> changeLog.set(ChangeLogParserFactory.getInstance()
                        .getParser(LiquibaseMigrations.CHANGELOG, resources)
                        .parse(LiquibaseMigrations.CHANGELOG, new ChangeLogParameters(), resources)));
        Map<String, String> checksums = new LinkedHashMap<>();
        for (ChangeSet changeSet : changeLog.get().getChangeSets()) {
            checksums.put(changeSet.toString(false),
                    changeSet.generateCheckSum(Scope.getCurrentScope().getChecksumVersion()).toString());
        }
        assertThat(checksums).isNotEmpty();
        return checksums;
    }

    /** @return the released changesets ({@code file::id::author}) and their checksums, in file order */
    static Map<String, String> released() throws IOException {
        Map<String, String> released = new LinkedHashMap<>();
        try (InputStream in = ReleasedChangesetsTest.class.getClassLoader().getResourceAsStream(RELEASED)) {
            assertThat(in).as(RELEASED).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    String[] parts = entry.split("\\s+");
                    released.put(parts[0], parts[1]);
                }
            }
        }
        return released;
    }
}
