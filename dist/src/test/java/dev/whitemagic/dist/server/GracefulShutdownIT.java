package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import dev.whitemagic.dist.http.ApiClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On SIGTERM with a grace period, readiness turns DOWN first while requests are still answered (a load balancer
 * takes the node out before it goes), then the process exits cleanly. A server of its own, since the test stops it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GracefulShutdownIT {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);

    @Test
    void sigterm_turnsReadinessDown_whileStillServing_thenExitsCleanly() throws Exception {
        try (RunningServer server = RunningServer.start("graceful-shutdown",
                Map.of("WM_SHUTDOWN_GRACE_SECONDS", Long.toString(SHUTDOWN_GRACE.toSeconds())))) {
            ApiClient api = new ApiClient(server.baseUrl().toString());
            assertThat(api.get("/health/ready").status()).isEqualTo(200);

            assertThat(ProcessHandle.of(server.pid()).orElseThrow().destroy()).as("SIGTERM sent").isTrue();

            ApiClient.Reply ready = awaitReadinessDown(api, server);
            assertThat(ready.body()).contains("\"shutting_down\":\"true\"");
            assertThat(api.get("/api/v1/version").status()).as("still serving while readiness is DOWN")
                    .isEqualTo(200);
            assertThat(server.awaitExit(RunningServer.DEFAULT_STOP_TIMEOUT)).isZero();
            assertThat(server.serverLog()).contains("readiness reports DOWN from now on");
            assertThat(server.console()).containsSubsequence("whitemagic-server: readiness is DOWN",
                    "whitemagic-server: stopping " + RunningServer.serverName(), "whitemagic-server: stopped");
        }
    }

    private static ApiClient.Reply awaitReadinessDown(ApiClient api, RunningServer server) throws InterruptedException {
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        ApiClient.Reply last;
        do {
            last = api.get("/health/ready");
            if (last.status() == 503) {
                return last;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("readiness still " + last + " " + SHUTDOWN_GRACE.toSeconds()
                + " s after SIGTERM; log " + server.logFile());
    }
}
