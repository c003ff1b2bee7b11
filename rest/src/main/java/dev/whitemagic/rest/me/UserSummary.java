package dev.whitemagic.rest.me;

import dev.whitemagic.domain.user.User;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The account as its owner sees it. */
@Schema(name = "UserSummary")
public record UserSummary(
        UUID id,
        String email,
        @Schema(enumeration = {"free", "starter", "pro", "enterprise"}) String planTier,
        Instant createdAt,
        @Schema(nullable = true, description = "Kept current to within a minute") Instant lastSeenAt) {

    public static UserSummary of(User user) {
        return new UserSummary(user.getId(), user.getEmail(), user.getPlanTier(), user.getCreatedAt(),
                user.getLastSeenAt());
    }
}
