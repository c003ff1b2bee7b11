package dev.whitemagic.rest.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.persistence.TestClock;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.webhook.WebhookEventRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookEventPurgeIT {

    // Long before the events of the other tests, so that this purge removes none of theirs.
    private static final Instant NOW = Instant.parse("2003-06-01T03:41:00Z");

    private final TestClock clock = new TestClock(NOW);

    private static String receivedAt(Instant receivedAt) {
        String eventId = "evt_" + UUID.randomUUID();
        TestDatabase.inTransaction(em -> new WebhookEventRepository(em).claim(eventId, "membership.updated", null, null,
                receivedAt, "applied"));
        return eventId;
    }

    private int purge(int retentionDays) {
        return TestDatabase.fromTransaction(em -> new WebhookEventPurge(new WebhookEventRepository(em), clock,
                retentionDays).purge());
    }

    private static boolean kept(String eventId) {
        return !TestDatabase.query("SELECT 1 FROM webhook_events WHERE event_id = ?", eventId).isEmpty();
    }

    @Test
    void purge_forgetsEventsReceivedBeforeTheRetention_andKeepsTheOthers() {
        String expired = receivedAt(NOW.minus(Duration.ofDays(90)).minusSeconds(1));
        String kept = receivedAt(NOW.minus(Duration.ofDays(90)).plusSeconds(1));

        assertThat(purge(90)).isEqualTo(1);
        assertThat(purge(90)).as("a second run").isZero();

        assertThat(kept(expired)).isFalse();
        assertThat(kept(kept)).isTrue();
    }
}
