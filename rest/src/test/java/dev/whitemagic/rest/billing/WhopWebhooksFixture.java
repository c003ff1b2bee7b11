package dev.whitemagic.rest.billing;

import dev.whitemagic.persistence.metrics.Metrics;

/** Builds {@link WhopWebhooks} outside CDI for the resource's tests (its fields are package-private). */
public final class WhopWebhooksFixture {

    private WhopWebhooksFixture() {
    }

    /** No billing: a case that reached it would fail with a NullPointerException. */
    public static WhopWebhooks withoutBilling(WhopSecrets secrets, Metrics metrics) {
        WhopWebhooks webhooks = new WhopWebhooks();
        webhooks.secrets = secrets;
        webhooks.metrics = metrics;
        return webhooks;
    }
}
