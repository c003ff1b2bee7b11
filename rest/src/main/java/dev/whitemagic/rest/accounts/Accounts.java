package dev.whitemagic.rest.accounts;

import dev.whitemagic.auth.key.ApiKeys;
import dev.whitemagic.auth.key.CallerInvalidated;
import dev.whitemagic.auth.key.IssuedKey;
import dev.whitemagic.auth.key.NewKey;
import dev.whitemagic.domain.ConflictException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.quota.QuotaRepository;
import dev.whitemagic.persistence.transaction.FlushBeforeCommit;
import dev.whitemagic.persistence.user.UserRepository;
import dev.whitemagic.quota.AccountUsages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creating, finding, re-planning and deleting user accounts. */
@ApplicationScoped
@FlushBeforeCommit
@Transactional
public class Accounts {

    /** The name of the key every new account starts with. */
    public static final String FIRST_KEY_NAME = "default";

    static final int MAX_EMAIL_LENGTH = 255;
    static final int MAX_WHOP_ID_LENGTH = 255;

    // Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is proven by mail, not by a regex.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private static final String USER_NOT_FOUND = "user not found";

    @Inject
    Clock clock;

    @Inject
    UserRepository users;

    @Inject
    QuotaRepository quotas;

    @Inject
    ApiKeys apiKeys;

    @Inject
    Event<CallerInvalidated> invalidations;

    @Inject
    AccountUsages usages;

    /** For CDI. */
    Accounts() {
    }

    /** For tests outside a container; the caller runs the transactions. */
    Accounts(Clock clock, UserRepository users, QuotaRepository quotas, ApiKeys apiKeys,
             Event<CallerInvalidated> invalidations) {
        this.clock = clock;
        this.users = users;
        this.quotas = quotas;
        this.apiKeys = apiKeys;
        this.invalidations = invalidations;
    }

    /**
     * Creates an account with its empty quota and its first key (every scope, named {@value #FIRST_KEY_NAME}, in
     * the default environment), all in one transaction.
     *
     * @param email            the address; unique without regard to case
     * @param planTier         the plan's wire name, or {@code null} for free
     * @param whopUserId       Whop's user id, or {@code null}
     * @param whopMembershipId Whop's membership id, or {@code null}
     * @throws InvalidInputException on {@code email}, {@code plan_tier}, {@code whop_user_id} or
     *                               {@code whop_membership_id}
     * @throws ConflictException     if the email or a Whop id belongs to an account already
     */
    public NewAccount create(String email, String planTier, String whopUserId, String whopMembershipId) {
        User user = insert(email, planTier, whopUserId, whopMembershipId)
                .orElseThrow(() -> new ConflictException(users.findByEmail(email.strip()).isPresent()
                        ? "an account with this email exists"
                        : "an account with this Whop user or membership exists"));
        IssuedKey key = apiKeys.createForUser(user.getId(), new NewKey(FIRST_KEY_NAME, null, null, null));
        return new NewAccount(user, key);
    }

    /**
     * Creates an account with its empty quota and no key at all, for the billing webhook: keys come from the admin
     * API or the user, never from a billing event. An account that collides with an existing one (made a moment ago
     * by a concurrent event, say) is not an error here: nothing is written and the caller finds the existing one.
     *
     * @param email            the address; unique without regard to case
     * @param planTier         the plan's wire name, or {@code null} for free
     * @param whopUserId       Whop's user id, or {@code null}
     * @param whopMembershipId Whop's membership id, or {@code null}
     * @return the new account, or empty if the email or a Whop id belongs to an account already
     * @throws InvalidInputException on {@code email}, {@code plan_tier}, {@code whop_user_id} or
     *                               {@code whop_membership_id}
     */
    public Optional<User> createWithoutKey(String email, String planTier, String whopUserId, String whopMembershipId) {
        return insert(email, planTier, whopUserId, whopMembershipId);
    }

    /**
     * Whether an address passes the check {@link #create} and {@link #createWithoutKey} apply: at most
     * {@value #MAX_EMAIL_LENGTH} characters, one {@code @}, no spaces, a dot in the domain, only visible characters.
     */
    public static boolean acceptsEmail(String email) {
        String address = email == null ? "" : email.strip();
        return address.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(address).matches()
                && address.codePoints().allMatch(Accounts::visible);
    }

    /**
     * A character an address can show: not a control or format character (bidi overrides, the byte order mark,
     * zero-width joiners), no space of any kind, not a lone surrogate, unassigned or a Unicode noncharacter.
     */
    private static boolean visible(int codePoint) {
        int type = Character.getType(codePoint);
        boolean nonCharacter = (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
        return !nonCharacter && !Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)
                && type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.UNASSIGNED;
    }

    /** The user row and its quota row, or empty (and nothing written) if a unique column collides. */
    private Optional<User> insert(String email, String planTier, String whopUserId, String whopMembershipId) {
        String address = requireEmail(email);
        PlanTier tier = planTier == null ? PlanTier.FREE : PlanTier.parse(planTier);
        String whopUser = optionalId(whopUserId, "whop_user_id");
        String whopMembership = optionalId(whopMembershipId, "whop_membership_id");
        // Checked first, so that the usual collision costs no insert; the insert below is the backstop against a
        // concurrent twin.
        if (users.findByEmail(address).isPresent()
                || whopUser != null && users.findByWhopUserId(whopUser).isPresent()
                || whopMembership != null && users.findByWhopMembershipId(whopMembership).isPresent()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        User draft = new User(address, tier.value(), now);
        if (whopUser != null || whopMembership != null) {
            draft.linkWhop(whopUser, whopMembership, now);
        }
        // Not persist(): a unique violation would mark the JTA transaction rollback-only even if caught.
        if (!users.insertIfAbsent(draft)) {
            return Optional.empty();
        }
        User user = users.find(draft.getId()).orElseThrow();
        quotas.create(user, LocalDate.ofInstant(now, ZoneOffset.UTC));
        return Optional.of(user);
    }

    /** @return the account with this email, compared without regard to case */
    public Optional<User> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return users.findByEmail(email.strip());
    }

    /**
     * Issues a key for a user, as the operator asks: all scopes unless narrowed, any expiry (there is no calling key
     * to bound it).
     *
     * @throws NotFoundException if the user does not exist
     */
    @Transactional
    public IssuedKey issueKey(UUID userId, NewKey request) {
        return apiKeys.createForUser(userId, request);
    }

    /**
     * The account of a user with its usage: requests today and this month, memories and bytes stored.
     *
     * @throws NotFoundException if the user does not exist (deleted while its key was cached)
     */
    public AccountOverview overview(UUID userId) {
        User user = get(userId);
        return new AccountOverview(user, usages.of(user.getId(), user.getPlanTier()));
    }

    /** @throws NotFoundException if there is no such account */
    public User get(UUID userId) {
        return users.find(userId).orElseThrow(() -> new NotFoundException(USER_NOT_FOUND));
    }

    /**
     * Moves an account to another plan; cached callers of the user are invalidated, since they carry the tier.
     *
     * @param tier the plan's wire name
     * @throws InvalidInputException on {@code plan_tier} if no plan has that name
     * @throws NotFoundException     if there is no such account
     */
    public User changePlan(UUID userId, String tier) {
        PlanTier plan = PlanTier.parse(tier);
        User user = get(userId);
        user.changePlan(plan.value(), clock.instant());
        invalidations.fire(CallerInvalidated.user(userId));
        return user;
    }

    /**
     * Deletes an account in one statement; the database deletes its keys, quota, usage, memories and idempotency
     * entries with it (every foreign key to users cascades), and every node drops its cached callers.
     *
     * @throws NotFoundException if there is no such account
     */
    public void delete(UUID userId) {
        if (!users.delete(userId)) {
            throw new NotFoundException(USER_NOT_FOUND);
        }
        invalidations.fire(CallerInvalidated.user(userId));
    }

    private static String requireEmail(String email) {
        if (!acceptsEmail(email)) {
            throw new InvalidInputException("email", "not a valid email address");
        }
        return email.strip();
    }

    private static String optionalId(String id, String field) {
        if (id == null || id.isBlank()) {
            return null;
        }
        if (id.length() > MAX_WHOP_ID_LENGTH) {
            throw new InvalidInputException(field, field + " must be at most " + MAX_WHOP_ID_LENGTH + " characters");
        }
        return id.strip();
    }
}
