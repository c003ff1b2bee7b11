package dev.whitemagic.rest.webhooks;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The {@code data} of a Whop membership event, for {@code /openapi} only (see {@link WhopWebhookEvent}). */
@Schema(name = "WhopMembershipData", description = "The membership an event is about. Where a field is described as "
        + "\"or an object\", an object with an id (and, for user, an email) is read too.")
public record WhopMembershipData(
        @Schema(nullable = true, description = "The membership's id", example = "mem_8Fq2") String id,
        @Schema(nullable = true, description = "Whop's user id, or an object with id and email",
                example = "user_3kP9") String user,
        @Schema(nullable = true, description = "The member's email (else user.email); a new account is made with it "
                + "when no account holds the membership or the Whop user", example = "ada@example.com") String email,
        @Schema(nullable = true, description = "The product, looked up in the product map wm.whop.products.<id>",
                example = "prod_pro") String productId,
        @Schema(nullable = true, description = "The product when product_id is absent, or an object with id")
        String product,
        @Schema(nullable = true, description = "The product when product_id and product are absent, or an object "
                + "with id") String plan) {
}
