package dev.whitemagic.rest.keys;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How long the old key keeps working after a rotation. */
@Schema(name = "RotateKeyRequest")
public record RotateKeyRequest(
        @Min(0) @Max(604800) @Schema(minimum = "0", maximum = "604800", nullable = true,
                description = "Seconds the old key keeps working; default 0 (it stops at once)")
        Integer gracePeriodSeconds) {

    // An explicit canonical constructor with plain parameters: the record components' constraints
    // would otherwise be copied onto constructor parameters too, which Payara's OpenAPI scanner takes
    // for JAX-RS path parameters and fails on (NullPointerException in addSchemaParameter).
    public RotateKeyRequest(Integer gracePeriodSeconds) {
        this.gracePeriodSeconds = gracePeriodSeconds;
    }
}
