package dev.whitemagic.rest.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.rest.billing.InvalidSignatureException;
import dev.whitemagic.rest.billing.UnreadableEventException;
import dev.whitemagic.rest.billing.WebhookOutcome;
import dev.whitemagic.rest.billing.WhopSecrets;
import dev.whitemagic.rest.billing.WhopWebhooksFixture;
import dev.whitemagic.domain.InvalidInputException;
import jakarta.ws.rs.NotFoundException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

/** The resource's own decisions, without a container: what happens before billing is asked. */
class WhopWebhookResourceTest {

    private static final String SECRET = "unit-secret";

    /** The counters incremented, as "type/outcome". */
    private final List<String> counted = new ArrayList<>();

    private WhopWebhookResource resource(Optional<String> secret) {
        WhopWebhookResource resource = new WhopWebhookResource();
        resource.webhooks = WhopWebhooksFixture.withoutBilling(new WhopSecrets(secret), countingRegistry());
        return resource;
    }

    private MetricRegistry countingRegistry() {
        return (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MetricRegistry.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("counter") || !(args[0] instanceof Metadata metadata)) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    assertThat(metadata.getName()).isEqualTo("wm.whop.events");
                    Tag[] tags = (Tag[]) args[1];
                    String key = Arrays.stream(tags).filter(t -> t.getTagName().equals("type")).findFirst()
                            .orElseThrow().getTagValue() + "/" + Arrays.stream(tags)
                            .filter(t -> t.getTagName().equals("outcome")).findFirst().orElseThrow().getTagValue();
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Counter.class},
                            (counter, m, a) -> {
                                if (m.getName().equals("inc")) {
                                    counted.add(key);
                                    return null;
                                }
                                throw new UnsupportedOperationException(m.getName());
                            });
                });
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
        assertThat(counted).isEmpty();
    }

    @Test
    void aMissingOrWrongSignature_isRefused_beforeTheBodyIsRead() {
        WhopWebhookResource resource = resource(Optional.of(SECRET));
        byte[] notEvenJson = bytes("not json");

        assertThatThrownBy(() -> resource.receive(null, notEvenJson)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> resource.receive(WhopSecrets.sign("other", notEvenJson), notEvenJson))
                .isInstanceOf(InvalidSignatureException.class);
        assertThat(counted).containsExactly("unknown/invalid_signature", "unknown/invalid_signature");
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
        assertThat(counted).containsExactly("unknown/malformed", "unknown/malformed");
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
