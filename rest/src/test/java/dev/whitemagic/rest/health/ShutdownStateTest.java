package dev.whitemagic.rest.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownStateTest {

    @TempDir
    Path dir;

    @Test
    void begin_turnsItOn_forGood() {
        ShutdownState state = new ShutdownState(Optional.empty());
        assertThat(state.shuttingDown()).isFalse();

        state.begin("test");

        assertThat(state.shuttingDown()).isTrue();
    }

    @Test
    void signalFile_turnsItOn_asSoonAsItExists() throws Exception {
        Path file = dir.resolve("shutting-down");
        ShutdownState state = new ShutdownState(Optional.of(file.toString()));
        assertThat(state.shuttingDown()).isFalse();

        Files.writeString(file, "stopping\n");
        assertThat(state.shuttingDown()).isTrue();

        Files.delete(file);
        assertThat(state.shuttingDown()).as("a shutdown once begun is not taken back").isTrue();
    }
}
