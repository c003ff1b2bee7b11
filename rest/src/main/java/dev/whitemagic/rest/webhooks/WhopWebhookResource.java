package dev.whitemagic.rest.webhooks;

import dev.whitemagic.rest.billing.WebhookOutcome;
import dev.whitemagic.rest.billing.WhopSecrets;
import dev.whitemagic.rest.billing.WhopWebhooks;
import dev.whitemagic.rest.error.Problem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Whop's billing events. Public (no API key) but signed; it exists only while a secret is configured. The body is
 * read as bytes and its signature checked before anything parses it.
 */
@Path("webhooks/whop")
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "Billing",
        description = "Whop's webhook; signed with WM_WHOP_WEBHOOK_SECRET, 404 while none is configured")
public class WhopWebhookResource {

    @Inject
    WhopWebhooks webhooks;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Whop event", description = "Verifies X-Whop-Signature (hex HMAC-SHA256 of the raw "
            + "body under any configured secret) before it reads the body, then moves the account the event is about "
            + "between plans. Each event id is processed once; an event older than one already applied to the same "
            + "membership changes nothing, and so does an event without created_at or timestamp once an event with "
            + "a time was applied to its membership (it is answered stale).")
    @RequestBody(required = true, description = "The event, exactly as Whop signed it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WhopWebhookEvent.class)))
    @APIResponse(responseCode = "200", description = "Handled: see processed, duplicate and stale",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WhopWebhookAnswer.class)))
    @APIResponse(responseCode = "400", description = "validation_failed: not a JSON object, or id or type (or "
            + "another field billing reads) missing or unusable; errors names the field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "401", description = "invalid_signature: X-Whop-Signature missing or wrong",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "not_found: no webhook secret is configured",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response receive(
            @Parameter(in = ParameterIn.HEADER, required = true, description = "Hex HMAC-SHA256 of the raw body, "
                    + "optionally prefixed sha256=") @HeaderParam(WhopSecrets.HEADER) String signature,
            byte[] body) {
        if (!webhooks.enabled()) {
            throw new NotFoundException();
        }
        return Response.ok(answer(webhooks.receive(signature, body)), MediaType.APPLICATION_JSON).build();
    }

    /** {@code {"processed": …}} plus {@code duplicate} or {@code stale} only where they apply. */
    static String answer(WebhookOutcome outcome) {
        JsonObjectBuilder answer = Json.createObjectBuilder()
                .add("processed", outcome == WebhookOutcome.APPLIED || outcome == WebhookOutcome.IGNORED);
        if (outcome == WebhookOutcome.DUPLICATE) {
            answer.add("duplicate", true);
        }
        if (outcome == WebhookOutcome.STALE) {
            answer.add("stale", true);
        }
        return answer.build().toString();
    }
}
