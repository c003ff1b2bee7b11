package dev.whitemagic.rest.admin;

import dev.whitemagic.domain.user.User;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user as operators see it. */
@Schema(name = "AdminUser")
public record AdminUserResponse(
        UUID id,
        String email,
        @Schema(enumeration = {"free", "starter", "pro", "enterprise"}) String planTier,
        @Schema(nullable = true) String whopUserId,
        @Schema(nullable = true) String whopMembershipId,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true) Instant lastSeenAt) {

    static AdminUserResponse of(User user) {
        return new AdminUserResponse(user.getId(), user.getEmail(), user.getPlanTier(), user.getWhopUserId(),
                user.getWhopMembershipId(), user.getCreatedAt(), user.getUpdatedAt(), user.getLastSeenAt());
    }
}
