package dev.whitemagic.persistence.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    private static final SQLException LOST = new SQLException("An I/O error occurred while sending to the backend.",
            "08006", new SocketTimeoutException("Read timed out"));

    @Test
    void anOutage_beginsWithAFailureThatSaysUnreachable_andLastsUntilAProbeGetsAnAnswer() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CountDownLatch ended = new CountDownLatch(1);
        DatabaseOutage outage = new DatabaseOutage(task -> new Thread(() -> {
            task.run();
            ended.countDown();
        }).start(), () -> probes.incrementAndGet() >= 3);

        outage.report(LOST);

        assertThat(outage.ongoing()).isTrue();
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(outage.ongoing()).isFalse();
        assertThat(probes).as("probed until the third answered, %d ms apart", DatabaseOutage.RECHECK_MILLIS)
                .hasValue(3);
    }

    @Test
    void aSecondFailureDuringAnOutage_startsNoSecondProbing() {
        AtomicInteger started = new AtomicInteger();
        DatabaseOutage outage = new DatabaseOutage(task -> started.incrementAndGet(), () -> false);

        outage.report(LOST);
        outage.report(LOST);

        assertThat(outage.ongoing()).isTrue();
        assertThat(started).hasValue(1);
    }

    @Test
    void withoutAThreadToProbe_noOutageBegins() {
        DatabaseOutage outage = new DatabaseOutage(task -> {
            throw new RejectedExecutionException("shutting down");
        }, () -> false);

        outage.report(LOST);

        assertThat(outage.ongoing()).as("nothing could end it, so requests keep trying the database").isFalse();
    }

    @Test
    void aBusyDatabase_beginsNoOutage() {
        DatabaseOutage outage = new DatabaseOutage(task -> {
            throw new AssertionError("no probing");
        }, () -> false);

        outage.report(new SQLException("canceling statement due to statement timeout", "57014"));
        outage.report(new SQLException("duplicate key value", "23505"));

        assertThat(outage.ongoing()).isFalse();
    }
}
