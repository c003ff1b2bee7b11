package dev.whitemagic.dist.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The full log of one start: everything the application server and the embedded database print, in
 * {@code <WM_DATA_DIR>/logs/server.log}. The previous start's log is kept as {@code server.log.1}. The console only
 * shows what the launcher does and one line per warning or error; this file is where the detail is.
 */
final class ServerLog implements AutoCloseable {

    private final Path file;
    private final PrintStream stream;

    private ServerLog(Path file, PrintStream stream) {
        this.file = file;
        this.stream = stream;
    }

    /** Opens a fresh {@code server.log} in {@code directory}, keeping the last one as {@code server.log.1}. */
    static ServerLog open(Path directory) {
        Path file = directory.resolve("server.log");
        try {
            Files.createDirectories(directory);
            if (Files.exists(file)) {
                Files.move(file, directory.resolve("server.log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new ServerLog(file, new PrintStream(out, true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StartupFailure("cannot write the server log " + file + ": " + e, e);
        }
    }

    Path file() {
        return file;
    }

    PrintStream stream() {
        return stream;
    }

    /**
     * Sends the launcher's own library logging (java.util.logging: embedded PostgreSQL's start-up, its initdb output)
     * to this file instead of the console; warnings and errors still show on the console as one line each.
     */
    void captureLibraryLogging(PrintStream console) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                root.removeHandler(handler);
            }
        }
        SimpleFormatter formatter = new SimpleFormatter();
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (!isLoggable(record)) {
                    return;
                }
                stream.print(formatter.format(record));
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    console.println("whitemagic-server: " + record.getLevel().getName() + ": "
                            + formatter.formatMessage(record));
                }
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                flush();
            }
        });
    }

    @Override
    public void close() {
        stream.close();
    }
}
