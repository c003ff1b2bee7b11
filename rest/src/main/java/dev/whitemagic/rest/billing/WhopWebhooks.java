package dev.whitemagic.rest.billing;

import dev.whitemagic.domain.DomainException;
import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The webhook use case: a delivery's signature is checked before its body is read, then the event is read and
 * handed to {@link WhopBilling} (one transaction per event), and every delivery is counted by type and outcome.
 */
@ApplicationScoped
public class WhopWebhooks {

    static final String EVENTS = "wm_whop_events_total";

    /** The type tag of an event whose type billing does not handle, or which was not read. */
    static final String UNKNOWN = "unknown";

    @Inject
    WhopSecrets secrets;

    @Inject
    WhopBilling billing;

    @Inject
    Metrics metrics;

    /** Whether a webhook secret is configured: without one the webhook does not exist. */
    public boolean enabled() {
        return secrets.enabled();
    }

    /**
     * @param signature the {@code X-Whop-Signature} header, or {@code null}
     * @param body      the body exactly as received
     * @return what became of the event
     * @throws InvalidSignatureException if the signature is missing or matches no configured secret
     * @throws DomainException           if the signed body is not an event billing can read
     */
    public WebhookOutcome receive(String signature, byte[] body) {
        if (!secrets.verify(body, signature)) {
            count(UNKNOWN, "invalid_signature");
            throw new InvalidSignatureException();
        }
        WhopEvent event;
        try {
            event = WhopEvent.parse(body);
        } catch (DomainException malformed) {
            count(UNKNOWN, "malformed");
            throw malformed;
        }
        String type = event.knownType().map(WhopEventType::value).orElse(UNKNOWN);
        WebhookOutcome outcome;
        try {
            outcome = billing.handle(event);
        } catch (DomainException malformed) {
            count(type, "malformed");
            throw malformed;
        }
        count(type, outcome == WebhookOutcome.UNKNOWN_TYPE ? WebhookOutcome.IGNORED.value() : outcome.value());
        return outcome;
    }

    /**
     * The counter is there from the start, before any delivery, with its refusals at 0: a dashboard or an alert on
     * deliveries refused for their signature sees the series before the first one.
     */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Counter events = events();
        events.touch(UNKNOWN, "invalid_signature");
        events.touch(UNKNOWN, "malformed");
    }

    private Counter events() {
        return metrics.counter(EVENTS, "Whop webhook deliveries, by event type and outcome", "type", "outcome");
    }

    private void count(String type, String outcome) {
        events().inc(type, outcome);
    }
}
