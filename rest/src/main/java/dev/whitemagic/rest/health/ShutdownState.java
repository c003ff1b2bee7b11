package dev.whitemagic.rest.health;

import jakarta.enterprise.context.ApplicationScoped;
import dev.whitemagic.rest.RestConfig;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Whether this node is shutting down, so that readiness turns DOWN before anything stops: set by the JVM's shutdown
 * (a hook the application registers, the earliest moment a SIGTERM reaches it), by the web application stopping, or
 * from outside by the file {@code wm.shutdown.signal-file} existing (the packaged server's launcher creates it on
 * SIGTERM, then keeps Payara serving for {@code WM_SHUTDOWN_GRACE_SECONDS} before it stops it).
 */
@ApplicationScoped
public class ShutdownState {

    private static final Logger LOG = Logger.getLogger(ShutdownState.class.getName());

    private final AtomicBoolean begun = new AtomicBoolean();

    @Inject
    RestConfig config;

    Optional<String> signalFile;

    private volatile Path signalPath;

    /** For CDI. */
    protected ShutdownState() {
    }

    @PostConstruct
    void configure() {
        signalFile = config.shutdownSignalFile();
    }

    /** For tests in Java SE. */
    public ShutdownState(Optional<String> signalFile) {
        this.signalFile = signalFile;
    }

    /** Marks the shutdown as begun, once; {@code why} says what began it, for the log. */
    public void begin(String why) {
        if (begun.compareAndSet(false, true)) {
            LOG.info(() -> "shutting down (" + why + "): readiness reports DOWN from now on");
        }
    }

    /** Whether the shutdown has begun, or the signal file says it is about to. */
    public boolean shuttingDown() {
        if (begun.get()) {
            return true;
        }
        Path path = signalPath();
        if (path != null && Files.exists(path)) {
            begin("the signal file " + path + " exists");
            return true;
        }
        return false;
    }

    private Path signalPath() {
        Path path = signalPath;
        if (path == null && signalFile != null && signalFile.isPresent() && !signalFile.get().isBlank()) {
            path = Path.of(signalFile.get().trim());
            signalPath = path;
        }
        return path;
    }
}
