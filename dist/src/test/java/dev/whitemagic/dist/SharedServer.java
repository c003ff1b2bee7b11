package dev.whitemagic.dist;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * One packaged server for every HTTP test of a test run: started on first use, stopped when the JUnit
 * launcher session ends (registered in {@code META-INF/services}); a run without such tests starts nothing.
 *
 * <pre>{@code
 * URI version = SharedServer.baseUrl().resolve("api/v1/version");
 * String log = Files.readString(SharedServer.log());
 * }</pre>
 *
 * <p>The server runs with an embedded PostgreSQL in a fresh {@code target/it-data/shared}, logs to
 * {@code target/it-logs/shared.log}, and has {@link #ADMIN_TOKEN} and {@link #WHOP_WEBHOOK_SECRET} set, with Whop's
 * products {@code prod_it_pro} and {@code prod_it_starter} mapped to those plans; its plans are
 * {@link TestPlans#shared()}.
 * Tests share its database: each makes its own users and keys.
 */
public final class SharedServer implements LauncherSessionListener {

    public static final String ADMIN_TOKEN = "it-admin-token";
    /** The shared server's limit of failed authentications per client address and minute. */
    public static final int FAILED_ATTEMPTS_PER_MINUTE = 200;

    public static final String WHOP_WEBHOOK_SECRET = "it-whop-secret";

    /** The origins whose pages may call the shared server's API. */
    public static final String CORS_ORIGINS = "https://app.example.test, http://localhost:3000";

    private static RunningServer server;
    private static int databasePort;
    private static Throwable startFailure;

    /** The shared server, started now if this is the first use in the test run. */
    public static synchronized RunningServer server() {
        if (startFailure != null) {
            throw new AssertionError("the shared server did not start earlier in this run", startFailure);
        }
        if (server == null) {
            try {
                Map<String, String> env = TestPlans.shared();
                databasePort = RunningServer.freePort();
                env.put("WM_EMBEDDED_DB_PORT", Integer.toString(databasePort));
                env.putAll(Map.of(
                        "WM_ADMIN_TOKEN", ADMIN_TOKEN,
                        "WM_WHOP_WEBHOOK_SECRET", WHOP_WEBHOOK_SECRET,
                        // Many tests fail authentication on purpose from 127.0.0.1; the throttle test
                        // uses an address of its own.
                        "WM_AUTH_FAILED_ATTEMPTS_PER_MINUTE", Integer.toString(FAILED_ATTEMPTS_PER_MINUTE),
                        // Key usage is flushed every second instead of every 15, so tests can see it.
                        "WM_AUTH_USAGE_FLUSH_SECONDS", "1",
                        // Memory reads (accessed_at) likewise.
                        "WM_MEMORIES_ACCESS_FLUSH_SECONDS", "1",
                        // Whop's product map: MicroProfile Config finds wm.whop.products.prod_it_pro here.
                        "WM_WHOP_PRODUCTS_PROD_IT_PRO", "pro",
                        "WM_WHOP_PRODUCTS_PROD_IT_STARTER", "starter",
                        // Browser pages of these origins may call the API (CorsIT); others may not.
                        "WM_HTTP_CORS_ALLOWED_ORIGINS", CORS_ORIGINS));
                server = RunningServer.start("shared", env);
            } catch (RuntimeException | AssertionError e) {
                startFailure = e;
                throw e;
            }
        }
        return server;
    }

    /** {@code http://localhost:<port>/} of the shared server. */
    public static URI baseUrl() {
        return server().baseUrl();
    }

    /**
     * The shared server's embedded PostgreSQL (user {@code postgres}, no password), for tests that check what was
     * stored; tests never write through it.
     */
    public static String jdbcUrl() {
        server();
        return "jdbc:postgresql://localhost:" + databasePort + "/whitemagic";
    }

    /** The file that captures the shared server's whole console, to search for what the server logged. */
    public static Path log() {
        return server().logFile();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        stop();
    }

    private static synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
