package dev.whitemagic.quota;

import java.util.Objects;

/** A request refused by the plan's request windows: answered 429 {@code rate_limited} with {@code Retry-After}. */
public class RateLimitedException extends RuntimeException {

    private final transient RateDecision decision;

    public RateLimitedException(RateDecision decision) {
        super(Objects.requireNonNull(decision, "decision").refusalDetail(), null, false, false);
        this.decision = decision;
    }

    /** @return the refusal, for the headers */
    public RateDecision decision() {
        return decision;
    }
}
