package dev.whitemagic.rest.me;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /api/v1/me}; limits and usage join it with the quota issue. */
@Schema(name = "Me")
public record MeResponse(UserSummary user) {
}
