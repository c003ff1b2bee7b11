package dev.whitemagic.dist.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory under {@code WM_DATA_DIR/runtime} that holds nothing worth keeping between runs and is
 * emptied at each start, so that what an earlier run left (or leaked) cannot pile up or get in the way.
 */
final class DisposableDirectory {

    private DisposableDirectory() {
    }

    /** Deletes {@code dir} with everything in it, if it exists, and creates it empty. */
    static Path emptied(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return Files.createDirectories(dir);
    }
}
