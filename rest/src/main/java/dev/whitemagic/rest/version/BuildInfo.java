package dev.whitemagic.rest.version;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The build's version and source revision, written into {@code META-INF/whitemagic/build.properties}
 * by Maven resource filtering.
 */
@ApplicationScoped
public class BuildInfo {

    static final String RESOURCE = "/META-INF/whitemagic/build.properties";
    static final String UNKNOWN = "unknown";

    private final VersionResponse version;

    public BuildInfo() {
        this(load());
    }

    BuildInfo(Properties properties) {
        this.version = new VersionResponse(value(properties, "version"), "v1", value(properties, "revision"));
    }

    public VersionResponse version() {
        return version;
    }

    /** A property, or "unknown" when it is missing or was never filtered (a build outside git). */
    static String value(Properties properties, String name) {
        String value = properties.getProperty(name, "").trim();
        return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return properties;
    }
}
