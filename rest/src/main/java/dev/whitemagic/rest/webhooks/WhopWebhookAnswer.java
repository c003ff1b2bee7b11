package dev.whitemagic.rest.webhooks;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a Whop event, for {@code /openapi} only: the resource writes it with JSON-P, so that the fields
 * that do not apply are left out rather than written as {@code null}.
 */
@Schema(name = "WhopWebhookAnswer", description = "{\"processed\": true}; {\"processed\": false, \"duplicate\": true} "
        + "for an event id processed before; {\"processed\": false, \"stale\": true} for an event older than one "
        + "already applied to its membership; {\"processed\": false} for a type billing does not handle.")
public record WhopWebhookAnswer(
        @Schema(required = true, description = "Whether this delivery was processed now") boolean processed,
        @Schema(description = "Present (true) only for a repeated event id") Boolean duplicate,
        @Schema(description = "Present (true) only for an out-of-order event") Boolean stale) {
}
