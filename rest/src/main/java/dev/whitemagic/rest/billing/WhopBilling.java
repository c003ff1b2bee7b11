package dev.whitemagic.rest.billing;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.transaction.FlushBeforeCommit;
import dev.whitemagic.persistence.user.UserRepository;
import dev.whitemagic.persistence.webhook.WebhookEventRepository;
import dev.whitemagic.rest.accounts.Accounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Moves accounts between plans by Whop's membership events, in one transaction per event:
 * <ol>
 *   <li>events of one membership are handled one at a time (a transaction-scoped advisory lock on its id);</li>
 *   <li>an event older than one already applied to its membership changes nothing ({@link WebhookOutcome#STALE});
 *       so does an event without a time once an event with a time was applied to its membership, since it cannot
 *       be shown to be newer (until then, untimed events apply in the order they arrive);</li>
 *   <li>the event id is claimed with {@code INSERT … ON CONFLICT DO NOTHING}: a repeat, also one racing the first
 *       delivery, finds it claimed and changes nothing ({@link WebhookOutcome#DUPLICATE});</li>
 *   <li>then the account follows the event. {@code membership.created}, {@code .updated} and {@code .went_valid}
 *       give the plan the product map names for the product (an unmapped product keeps the plan); the account is
 *       the one holding the membership, else the one of the Whop user, else the one with the email, else a new one
 *       with its quota and no key. {@code membership.went_invalid} and {@code .deleted} put the account holding the
 *       membership (else the Whop user's) back on free; deletion also forgets the membership.</li>
 * </ol>
 * An account follows one membership: the one it was linked with, replaced by a membership that is created or becomes
 * valid later. Updates and ends of a membership the account no longer follows leave it alone, so a late end of an old
 * membership never downgrades a member who has renewed with a new one.
 * <p>
 * Every plan change goes through {@link Accounts#changePlan}, so every node drops what it cached about the user's
 * keys and the next request sees the new plan and its limits. Logs name the event id and type, never a user, an
 * email or another id.
 */
@ApplicationScoped
@FlushBeforeCommit
@Transactional
public class WhopBilling {

    private static final Logger LOG = Logger.getLogger(WhopBilling.class.getName());

    @Inject
    Clock clock;

    @Inject
    UserRepository users;

    @Inject
    WebhookEventRepository events;

    @Inject
    Accounts accounts;

    @Inject
    WhopProducts products;

    /** For CDI. */
    WhopBilling() {
    }

    /** For tests outside a container; the caller runs the transactions. */
    WhopBilling(Clock clock, UserRepository users, WebhookEventRepository events, Accounts accounts,
                WhopProducts products) {
        this.clock = clock;
        this.users = users;
        this.events = events;
        this.accounts = accounts;
        this.products = products;
    }

    /**
     * Handles one verified event.
     *
     * @return what it came to; only {@link WebhookOutcome#APPLIED} and {@link WebhookOutcome#IGNORED} mean the
     *         event was processed now
     * @throws InvalidInputException on {@code data.email} if a new account is needed and the address is unusable
     *                               (nothing is recorded then, so a corrected delivery is still processed)
     */
    public WebhookOutcome handle(WhopEvent event) {
        Optional<WhopEventType> known = event.knownType();
        if (known.isEmpty()) {
            return WebhookOutcome.UNKNOWN_TYPE;
        }
        Instant now = clock.instant();
        String membership = event.membershipId();
        if (membership != null) {
            events.lockMembership(membership);
            boolean stale = event.createdAt() == null
                    ? events.appliedWithTime(membership)
                    : events.appliedAfter(membership, event.createdAt());
            if (stale) {
                return record(event, now, WebhookOutcome.STALE);
            }
        }
        return known.get().grants() ? grant(event, known.get(), now) : end(event, known.get(), now);
    }

    private WebhookOutcome grant(WhopEvent event, WhopEventType type, Instant now) {
        Optional<User> holder = holder(event, true);
        if (holder.isEmpty()) {
            if (event.email() == null) {
                log(event, "names no account and no email to make one with; ignored");
                return record(event, now, WebhookOutcome.IGNORED);
            }
            if (!Accounts.acceptsEmail(event.email())) {
                throw new InvalidInputException("data.email", "data.email is not a valid email address");
            }
        }
        if (record(event, now, WebhookOutcome.APPLIED) == WebhookOutcome.DUPLICATE) {
            return WebhookOutcome.DUPLICATE;
        }
        Optional<PlanTier> plan = planOf(event);
        if (holder.isEmpty()) {
            if (accounts.createWithoutKey(event.email(), plan.orElse(PlanTier.FREE).value(), event.whopUserId(),
                    event.membershipId()).isPresent()) {
                return WebhookOutcome.APPLIED;
            }
            // Another event made the account a moment ago (its insert waited for that one to commit): follow it.
            holder = holder(event, true);
            if (holder.isEmpty()) {
                throw new IllegalStateException("a new account collided with one that cannot be found");
            }
        }
        User user = holder.get();
        String followed = user.getWhopMembershipId();
        boolean otherMembership = event.membershipId() != null && followed != null
                && !followed.equals(event.membershipId());
        if (otherMembership && type == WhopEventType.MEMBERSHIP_UPDATED) {
            log(event, "updates a membership the account no longer follows; account unchanged");
            return WebhookOutcome.APPLIED;
        }
        link(user, event, now);
        plan.filter(tier -> !tier.value().equals(user.getPlanTier()))
                .ifPresent(tier -> accounts.changePlan(user.getId(), tier.value()));
        return WebhookOutcome.APPLIED;
    }

    private WebhookOutcome end(WhopEvent event, WhopEventType type, Instant now) {
        Optional<User> holder = holder(event, false);
        // Recorded as applied even without an account: it is the membership's latest state, so an older event that
        // says the membership is valid must not make or upgrade an account after it.
        if (record(event, now, WebhookOutcome.APPLIED) == WebhookOutcome.DUPLICATE) {
            return WebhookOutcome.DUPLICATE;
        }
        if (holder.isEmpty()) {
            return WebhookOutcome.APPLIED;
        }
        User user = holder.get();
        String followed = user.getWhopMembershipId();
        if (event.membershipId() != null && followed != null && !followed.equals(event.membershipId())) {
            log(event, "ends a membership the account no longer follows; account unchanged");
            return WebhookOutcome.APPLIED;
        }
        if (!PlanTier.FREE.value().equals(user.getPlanTier())) {
            accounts.changePlan(user.getId(), PlanTier.FREE.value());
        }
        if (type == WhopEventType.MEMBERSHIP_DELETED && event.membershipId() != null) {
            user.unlinkWhopMembership(now);
        }
        return WebhookOutcome.APPLIED;
    }

    /**
     * The account the event is about: the one holding its membership, else the Whop user's; for events that grant a
     * membership, else the one with its email. An end of a membership never goes by email alone.
     */
    private Optional<User> holder(WhopEvent event, boolean byEmail) {
        if (event.membershipId() != null) {
            Optional<User> user = users.findByWhopMembershipId(event.membershipId());
            if (user.isPresent()) {
                return user;
            }
        }
        if (event.whopUserId() != null) {
            Optional<User> user = users.findByWhopUserId(event.whopUserId());
            if (user.isPresent()) {
                return user;
            }
        }
        return byEmail && event.email() != null ? users.findByEmail(event.email()) : Optional.empty();
    }

    /**
     * Links the Whop user if the account has none and no other account has it, and the event's membership as the
     * one the account follows from now on.
     */
    private void link(User user, WhopEvent event, Instant now) {
        String whopUser = event.whopUserId() != null && user.getWhopUserId() == null
                && users.findByWhopUserId(event.whopUserId()).isEmpty() ? event.whopUserId() : null;
        String membership = event.membershipId() != null && !event.membershipId().equals(user.getWhopMembershipId())
                ? event.membershipId() : null;
        if (whopUser != null || membership != null) {
            user.linkWhop(whopUser, membership, now);
        }
    }

    private Optional<PlanTier> planOf(WhopEvent event) {
        WhopProducts.Mapping mapping = products.planOf(event.productId());
        if (mapping instanceof WhopProducts.Mapped mapped) {
            return Optional.of(mapped.tier());
        }
        if (mapping instanceof WhopProducts.UnknownTier unknown) {
            log(event, "the product map names plan '" + loggable(unknown.configured())
                    + "', which does not exist; the plan is kept");
        } else if (event.productId() == null) {
            log(event, "names no product; the plan is kept");
        } else {
            log(event, "names a product the product map (wm.whop.products.<product id>) does not; the plan is kept");
        }
        return Optional.empty();
    }

    private WebhookOutcome record(WhopEvent event, Instant now, WebhookOutcome outcome) {
        boolean claimed = events.claim(event.id(), event.type(), event.membershipId(), event.createdAt(), now,
                outcome.value());
        return claimed ? outcome : WebhookOutcome.DUPLICATE;
    }

    private static void log(WhopEvent event, String what) {
        LOG.warning(() -> "Whop event " + loggable(event.id()) + " (" + loggable(event.type()) + ") " + what);
    }

    /** Whop's text as one log line: control characters could forge lines. */
    static String loggable(String text) {
        return Objects.toString(text).replaceAll("\\p{Cntrl}", "?");
    }
}
