package dev.whitemagic.rest.webhooks;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shape of a Whop event, for {@code /openapi} only: the resource reads the raw bytes, since the signature covers
 * exactly those, and {@link dev.whitemagic.rest.billing.WhopEvent} reads them after the signature is checked.
 */
@Schema(name = "WhopWebhookEvent", description = "A Whop webhook event. Fields not listed here are ignored.")
public record WhopWebhookEvent(
        @Schema(required = true, description = "The event's id; each id is processed once", example = "evt_2Qx8")
        String id,
        @Schema(required = true, description = "membership.created, membership.updated, membership.went_valid, "
                + "membership.went_invalid or membership.deleted; other types are answered {\"processed\": false}",
                example = "membership.went_valid") String type,
        @Schema(nullable = true, description = "When Whop made the event: an RFC 3339 time or a number of Unix "
                + "seconds. An event older than one already applied to the same membership changes nothing; an event "
                + "without a time changes nothing once an event with a time was applied to its membership.",
                example = "2026-11-25T08:00:00Z") String createdAt,
        @Schema(nullable = true, description = "Read like created_at when created_at is absent") String timestamp,
        @Schema(nullable = true) WhopMembershipData data) {
}
