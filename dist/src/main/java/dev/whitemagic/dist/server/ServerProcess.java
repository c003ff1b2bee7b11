package dev.whitemagic.dist.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application server (Payara Micro or WildFly) with the WAR, run as a child process: a JVM of its own is simpler
 * and smaller than an in-process API, and it can be stopped like any server.
 */
final class ServerProcess {

    private final ServerRuntime runtime;
    private final Process process;
    private final ConsoleRelay console;

    private ServerProcess(ServerRuntime runtime, Process process, ConsoleRelay console) {
        this.runtime = runtime;
        this.process = process;
        this.console = console;
    }

    /**
     * Starts {@code command} with a fresh {@code serverDir} (the server keeps configuration and deployments there
     * across runs, and everything it needs comes from the command line and the environment); {@code prepare} fills
     * the emptied directory before the process starts.
     */
    static ServerProcess start(ServerRuntime runtime, List<String> command, Path serverDir,
                               DirectoryPreparation prepare, Map<String, String> extraEnvironment,
                               ConsoleRelay console) {
        try {
            DisposableDirectory.emptied(serverDir);
            prepare.prepare(serverDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // stdin stays a pipe that nobody writes to: ParentDeathWatch sees it close when the launcher dies
            builder.redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(extraEnvironment);
            Process process = builder.start();
            console.relay(process.getInputStream(), "server-console");
            return new ServerProcess(runtime, process, console);
        } catch (IOException e) {
            throw new StartupFailure("could not start " + runtime.displayName() + ": " + e.getMessage(), e);
        }
    }

    /** Fills the server's emptied directory before the server starts. */
    @FunctionalInterface
    interface DirectoryPreparation {
        void prepare(Path serverDir) throws IOException;
    }

    String name() {
        return runtime.displayName();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    int exitCode() {
        return process.exitValue();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Waits until the server ends or {@code millis} have passed; 0 does not wait. */
    void waitFor(long millis) throws InterruptedException {
        if (millis > 0) {
            process.waitFor(millis, TimeUnit.MILLISECONDS);
        }
    }

    ConsoleRelay console() {
        return console;
    }

    /**
     * Sends SIGTERM, which runs the server's orderly shutdown (readiness down, requests finish, buffers flushed),
     * and kills the process if it has not ended within {@code grace}.
     *
     * @return whether the server ended by itself within the grace period
     */
    boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return false;
    }
}
