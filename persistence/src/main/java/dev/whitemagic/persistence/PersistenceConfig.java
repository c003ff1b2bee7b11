package dev.whitemagic.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The persistence module's configuration: the database a connection of its own is opened to (the request pool is
 * the container's data source, configured in {@code web.xml}).
 */
@ApplicationScoped
public class PersistenceConfig {

    @Inject
    @ConfigProperty(name = "wm.db.url")
    String url;

    @Inject
    @ConfigProperty(name = "wm.db.user")
    String user;

    @Inject
    @ConfigProperty(name = "wm.db.password")
    Optional<String> password;

    /** Read by the data source in web.xml; checked here so that a wrong value names its key. */
    @Inject
    @ConfigProperty(name = "wm.db.socket-timeout-seconds", defaultValue = "6")
    long socketTimeoutSeconds = 6;

    /** Whether memories are embedded and searched by meaning ({@code false}: keyword search only). */
    @Inject
    @ConfigProperty(name = "wm.embeddings.enabled", defaultValue = "true")
    boolean embeddingsEnabled = true;

    /** The lowest cosine similarity that counts as a semantic match (-1 to 1). */
    @Inject
    @ConfigProperty(name = "wm.search.min-similarity", defaultValue = "0.24")
    double minSimilarity = 0.24;

    /** How much memory the vectors held for searches may take, in MiB (float32: 1.5 KiB per chunk). */
    @Inject
    @ConfigProperty(name = "wm.search.vector-cache-mb", defaultValue = "128")
    long vectorCacheMegabytes = 128;

    /** Checks the values when the application starts: a wrong one fails the deployment, naming the key. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        ConfigCheck.require("wm.db.url", url, url != null && url.startsWith("jdbc:postgresql:"),
                "a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
        ConfigCheck.require("wm.db.user", user, user != null && !user.isBlank(), "a database user name");
        ConfigCheck.range("wm.db.socket-timeout-seconds", socketTimeoutSeconds, 1, 3_600);
        ConfigCheck.require("wm.search.min-similarity", minSimilarity, minSimilarity >= -1 && minSimilarity <= 1,
                "a cosine similarity from -1 to 1");
        ConfigCheck.range("wm.search.vector-cache-mb", vectorCacheMegabytes, 1, 1_048_576);
    }

    /** {@code wm.search.vector-cache-mb} in bytes. */
    public long vectorCacheBytes() {
        return vectorCacheMegabytes * 1024 * 1024;
    }

    public boolean embeddingsEnabled() {
        return embeddingsEnabled;
    }

    public double minSimilarity() {
        return minSimilarity;
    }

    /** The JDBC URL, {@code jdbc:postgresql://…}. */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public Optional<String> password() {
        return password;
    }
}
