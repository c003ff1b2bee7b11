package dev.whitemagic.rest.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.rest.billing.InvalidSignatureException;
import dev.whitemagic.rest.billing.UnreadableEventException;
import dev.whitemagic.rest.billing.WebhookOutcome;
import dev.whitemagic.rest.billing.WhopSecrets;
import dev.whitemagic.rest.billing.WhopWebhooksFixture;
import jakarta.ws.rs.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The resource's own decisions, without a container: what happens before billing is asked. */
class WhopWebhookResourceTest {

    private static final String SECRET = "unit-secret";

    private final Metrics metrics = new Metrics();

    private WhopWebhookResource resource(Optional<String> secret) {
        WhopWebhookResource resource = new WhopWebhookResource();
        resource.webhooks = WhopWebhooksFixture.withoutBilling(new WhopSecrets(secret), metrics);
        return resource;
    }

    /** The deliveries counted, as "type/outcome" to count. */
    private Map<String, Long> counted() {
        Map<String, Long> counted = new TreeMap<>();
        if (metrics.family("wm_whop_events_total") instanceof Counter events) {
            events.counts().forEach((values, count) -> counted.put(String.join("/", values), count));
        }
        return counted;
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withoutASecret_theWebhookIsNotFound_evenWithASignature() {
        byte[] body = bytes("{\"id\":\"evt_1\",\"type\":\"membership.went_valid\"}");

        assertThatThrownBy(() -> resource(Optional.empty()).receive(WhopSecrets.sign(SECRET, body), body))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> resource(Optional.empty()).receive(null, body)).isInstanceOf(NotFoundException.class);
        assertThat(counted()).isEmpty();
    }

    @Test
    void aMissingOrWrongSignature_isRefused_beforeTheBodyIsRead() {
        WhopWebhookResource resource = resource(Optional.of(SECRET));
        byte[] notEvenJson = bytes("not json");

        assertThatThrownBy(() -> resource.receive(null, notEvenJson)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> resource.receive(WhopSecrets.sign("other", notEvenJson), notEvenJson))
                .isInstanceOf(InvalidSignatureException.class);
        assertThat(counted()).containsExactly(entry("unknown/invalid_signature", 2L));
    }

    @Test
    void aSignedBodyThatIsNoEvent_is400_andCountedMalformed() {
        WhopWebhookResource resource = resource(Optional.of(SECRET));
        byte[] notJson = bytes("{\"id\":");
        byte[] noId = bytes("{\"type\":\"membership.went_valid\"}");

        assertThatThrownBy(() -> resource.receive(WhopSecrets.sign(SECRET, notJson), notJson))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> resource.receive("sha256=" + WhopSecrets.sign(SECRET, noId), noId))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("id"));
        assertThat(counted()).containsExactly(entry("unknown/malformed", 2L));
    }

    @Test
    void answers_sayProcessed_andOnlyTheFlagsThatApply() {
        assertThat(WhopWebhookResource.answer(WebhookOutcome.APPLIED)).isEqualTo("{\"processed\":true}");
        assertThat(WhopWebhookResource.answer(WebhookOutcome.IGNORED)).isEqualTo("{\"processed\":true}");
        assertThat(WhopWebhookResource.answer(WebhookOutcome.DUPLICATE))
                .isEqualTo("{\"processed\":false,\"duplicate\":true}");
        assertThat(WhopWebhookResource.answer(WebhookOutcome.STALE)).isEqualTo("{\"processed\":false,\"stale\":true}");
        assertThat(WhopWebhookResource.answer(WebhookOutcome.UNKNOWN_TYPE)).isEqualTo("{\"processed\":false}");
    }
}
