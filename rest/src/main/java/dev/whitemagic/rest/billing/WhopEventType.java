package dev.whitemagic.rest.billing;

import java.util.Optional;

/** The Whop event types that move an account; any other type is answered and otherwise left alone. */
public enum WhopEventType {
    MEMBERSHIP_CREATED("membership.created", true),
    MEMBERSHIP_UPDATED("membership.updated", true),
    MEMBERSHIP_WENT_VALID("membership.went_valid", true),
    MEMBERSHIP_WENT_INVALID("membership.went_invalid", false),
    MEMBERSHIP_DELETED("membership.deleted", false);

    private final String value;
    private final boolean grants;

    WhopEventType(String value, boolean grants) {
        this.value = value;
        this.grants = grants;
    }

    /** @return the type as Whop names it, e.g. {@code membership.went_valid} */
    public String value() {
        return value;
    }

    /** @return whether the event says the membership is (still) held, so its product sets the plan */
    public boolean grants() {
        return grants;
    }

    /** @return the known type of this name, if it is one */
    public static Optional<WhopEventType> of(String value) {
        for (WhopEventType type : values()) {
            if (type.value.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
