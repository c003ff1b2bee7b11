package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @TempDir
    Path workingDir;

    @Test
    void unpacks_whereZonkyLooks_andZonkyStartsFromIt_withoutUnpackingAgain() throws Exception {
        Path binaries = PostgresBinaries.unpack(workingDir);

        assertThat(binaries.getFileName().toString()).matches("PG-[0-9a-f]{32}");
        assertThat(binaries.resolve(PostgresBinaries.COMPLETE)).exists();
        assertThat(binaries.resolve("bin/postgres")).isExecutable();
        assertThat(binaries.resolve("bin/initdb")).isExecutable();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workingDir.toFile())
                .setDataDirectory(workingDir.resolve("data"))
                .setRegisterShutdownHook(false)
                .start();
             var connection = postgres.getPostgresDatabase().getConnection();
             var result = connection.createStatement().executeQuery("SELECT 41 + 1")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(42);
        }
        try (Stream<Path> dirs = Files.list(workingDir)) {
            assertThat(dirs.map(dir -> dir.getFileName().toString()).filter(name -> name.startsWith("PG-")))
                    .containsExactly(binaries.getFileName().toString());
        }
    }

    @Test
    void aCompleteDirectory_isKept() throws Exception {
        Path binaries = PostgresBinaries.unpack(workingDir);
        FileTime marked = Files.getLastModifiedTime(binaries.resolve(PostgresBinaries.COMPLETE));
        Files.delete(binaries.resolve("bin/pg_ctl"));

        assertThat(PostgresBinaries.unpack(workingDir)).isEqualTo(binaries);
        assertThat(Files.getLastModifiedTime(binaries.resolve(PostgresBinaries.COMPLETE))).isEqualTo(marked);
        assertThat(binaries.resolve("bin/pg_ctl")).doesNotExist();
    }

    @Test
    void anUnfinishedDirectory_isReplaced() throws Exception {
        Path binaries = PostgresBinaries.unpack(workingDir);
        Files.delete(binaries.resolve(PostgresBinaries.COMPLETE));
        Files.delete(binaries.resolve("bin/pg_ctl"));
        Files.writeString(binaries.resolve("half-written"), "x");
        Files.createDirectories(workingDir.resolve(binaries.getFileName() + ".partial/bin"));

        assertThat(PostgresBinaries.unpack(workingDir)).isEqualTo(binaries);
        assertThat(binaries.resolve("bin/pg_ctl")).isExecutable();
        assertThat(binaries.resolve("half-written")).doesNotExist();
        assertThat(binaries.resolve(PostgresBinaries.COMPLETE)).exists();
        assertThat(workingDir.resolve(binaries.getFileName() + ".partial")).doesNotExist();
    }
}
