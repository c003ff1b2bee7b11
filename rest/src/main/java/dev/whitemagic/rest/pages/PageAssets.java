package dev.whitemagic.rest.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where the files of {@code /docs} and {@code /dashboard} come from: the WAR's own pages under
 * {@code META-INF/whitemagic/pages/} and Swagger UI's release in its webjar. A request path maps to a file only through
 * a plain file name (letters, digits, dots and dashes, one of the known extensions), so no path can reach anything else
 * on the class path.
 */
final class PageAssets {

    static final String OWN_PAGES = "META-INF/whitemagic/pages/";
    private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,80}\\.(html|js|css|svg|png|map)");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "map", "application/json");
    /** Swagger UI's files that the documentation page loads; the rest of the webjar (its demo page) is not served. */
    private static final Set<String> SWAGGER_UI_FILES = Set.of(
            "swagger-ui.css", "swagger-ui-bundle.js", "favicon-16x16.png", "favicon-32x32.png");

    private final ClassLoader loader;
    private final String swaggerUiRoot;
    /** Only files that exist: a name that finds nothing is not kept, so no run of made-up names can fill it. */
    private final Map<String, PageAsset> cache = new ConcurrentHashMap<>();

    PageAssets(ClassLoader loader) {
        this.loader = loader;
        this.swaggerUiRoot = "META-INF/resources/webjars/swagger-ui/" + webjarVersion(loader) + "/";
    }

    /** A file of one of our pages ({@code docs}, {@code dashboard}), by its plain name. */
    Optional<PageAsset> own(String page, String fileName) {
        return load(OWN_PAGES + page + "/", fileName);
    }

    /** One of the Swagger UI files the documentation page needs. */
    Optional<PageAsset> swaggerUi(String fileName) {
        return SWAGGER_UI_FILES.contains(fileName) ? load(swaggerUiRoot, fileName) : Optional.empty();
    }

    private Optional<PageAsset> load(String folder, String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches() || fileName.contains("..")) {
            return Optional.empty();
        }
        String resource = folder + fileName;
        PageAsset cached = cache.get(resource);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<PageAsset> read = read(resource);
        read.ifPresent(asset -> cache.putIfAbsent(resource, asset));
        return read;
    }

    /** How many files are held in memory. */
    int cachedCount() {
        return cache.size();
    }

    private Optional<PageAsset> read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            String extension = resource.substring(resource.lastIndexOf('.') + 1);
            return Optional.of(PageAsset.of(CONTENT_TYPES.get(extension), in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The webjar's release, from its Maven metadata, so that upgrading the dependency needs no code change. */
    private static String webjarVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI's webjar is missing from the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WEBJAR_PROPERTIES, e);
        }
    }
}
