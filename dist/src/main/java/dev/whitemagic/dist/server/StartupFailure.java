package dev.whitemagic.dist.server;

import java.util.List;

/**
 * Why the server could not start, with the lines of output that explain it.
 */
final class StartupFailure extends RuntimeException {

    private final List<String> causeLines;

    StartupFailure(String message) {
        this(message, List.of());
    }

    StartupFailure(String message, List<String> causeLines) {
        super(message);
        this.causeLines = List.copyOf(causeLines);
    }

    StartupFailure(String message, Throwable cause) {
        super(message, cause);
        this.causeLines = List.of();
    }

    List<String> causeLines() {
        return causeLines;
    }
}
