package dev.whitemagic.quota;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.PlanTier;
import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.domain.plan.RequestCounts;
import dev.whitemagic.persistence.health.DatabaseOutage;
import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.quota.CountersUnavailableException;
import dev.whitemagic.persistence.quota.RequestCounters;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Admits or refuses one authenticated request against the caller's minute, day and month windows.
 * <p>
 * <b>Exact, and cheap for busy users.</b> The database decides every admission: a node takes a <em>lease</em> of
 * requests for a user with one atomic statement ({@link RequestCounters#grant}: a tenth of the smallest room left
 * in the three windows, at least 1, at most {@code wm.ratelimit.lease-max}) and admits that many requests from
 * memory. The database never grants more than a window's room, so all nodes together never admit more than the
 * limit; near a limit the leases shrink to one request, so the last requests are judged one by one. What a lease
 * has not used is given back after {@code wm.ratelimit.lease-millis} (default 500 ms, swept every quarter of that)
 * or when its window ends, so the stored counters equal the admitted requests within a second of the last one.
 * Requests of one user on one node wait for each other only while a lease is taken, as they would for the row
 * lock anyway. A refused request is not counted. {@code wm.ratelimit.lease-max=1} counts every request in the
 * database as it comes.
 * <p>
 * Refusals are counted in {@code wm_ratelimit_refusals_total} by window and plan, never by user or key.
 */
@ApplicationScoped
public class RequestLimiter {

    static final String REFUSALS = "wm_ratelimit_refusals_total";

    /** A lease is a tenth of the room left. */
    static final long SHARE_DIVISOR = 10;

    private static final Logger LOG = Logger.getLogger(RequestLimiter.class.getName());

    /**
     * How long a request waits at most for other requests of the same user that are asking the database for a
     * lease. Each of those is bounded by the driver's socket timeout, and the ones behind must not queue up for a
     * multiple of it while the database hangs: a waiter gives up as soon as the database is known to be unreachable
     * ({@link DatabaseOutage}), and in any case after this long. Then it is answered 503. Long enough for a crowd of
     * one user's requests, each refused one asking the database in turn, on a busy machine.
     */
    static final Duration LEASE_WAIT = Duration.ofSeconds(5);

    /** How often a waiting request looks whether the database became unreachable meanwhile. */
    private static final long OUTAGE_CHECK_MILLIS = 100;

    /** What one node holds of one user's windows. Guarded by its lock. */
    private static final class Lease {
        final ReentrantLock lock = new ReentrantLock();
        PlanTier tier;
        Instant grantedAt;
        long grantedNanos;
        long lastUsedNanos;
        /** The counters right after the grant, the whole grant included. */
        RequestCounts countsAtGrant;
        /** Requests granted and not used yet. */
        long unused;
        /** Set when the sweeper dropped this lease from the map: a caller holding it takes a fresh one. */
        boolean retired;

        boolean usableFor(PlanTier tier, Instant now) {
            return unused > 0 && this.tier == tier && grantedAt != null
                    && RateWindow.MINUTE.start(now).equals(RateWindow.MINUTE.start(grantedAt));
        }

        RequestCounts countsNow() {
            return new RequestCounts(countsAtGrant.minute() - unused, countsAtGrant.day() - unused,
                    countsAtGrant.month() - unused);
        }
    }

    private final ConcurrentMap<UUID, Lease> leases = new ConcurrentHashMap<>();

    @Inject
    RequestCounters counters;

    @Inject
    Plans plans;

    @Inject
    Clock clock;

    @Inject
    Metrics metrics;

    @Inject
    QuotaConfig config;

    /** Absent in tests in Java SE. */
    @Inject
    DatabaseOutage outage;

    long leaseMax;

    long leaseMillis;

    private ScheduledFuture<?> sweeps;

    /** For CDI: the collaborators arrive by field injection. */
    protected RequestLimiter() {
    }

    @PostConstruct
    void configure() {
        leaseMax = config.leaseMax();
        leaseMillis = config.leaseHold().toMillis();
    }

    /** For tests in Java SE (no metrics, no sweeper: tests call {@link #sweep} themselves). */
    public RequestLimiter(RequestCounters counters, Plans plans, Clock clock, long leaseMax, long leaseMillis) {
        this.counters = counters;
        this.plans = plans;
        this.clock = clock;
        this.leaseMax = leaseMax;
        this.leaseMillis = leaseMillis;
    }

    /**
     * Starts the sweeper that gives back unused leases; called once when the web application starts.
     *
     * @param executor the container's managed scheduler
     */
    public void startSweeping(ScheduledExecutorService executor) {
        long period = Math.max(10, leaseMillis / 4);
        sweeps = executor.scheduleAtFixedRate(this::sweepQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the sweeper and gives every lease back; called when the web application stops, while the data source
     * still works (in an {@code @BeforeDestroyed(ApplicationScoped.class)} observer its pool is already gone).
     */
    public void giveEverythingBack() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
        sweep(Duration.ZERO);
    }

    /**
     * Counts the request if every window has room.
     *
     * @param userId     the caller's user
     * @param storedTier the caller's plan as stored (an unknown one is free)
     * @return the decision, with what the rate-limit headers need
     * @throws dev.whitemagic.persistence.quota.CountersUnavailableException if the database cannot be asked
     */
    public RateDecision take(UUID userId, String storedTier) {
        PlanTier tier = PlanTier.ofStored(storedTier);
        PlanLimits limits = plans.of(tier);
        while (true) {
            Lease lease = leases.computeIfAbsent(userId, id -> new Lease());
            acquire(lease);
            try {
                if (lease.retired) {
                    continue;
                }
                return take(userId, tier, limits, lease);
            } finally {
                lease.lock.unlock();
            }
        }
    }

    private RateDecision take(UUID userId, PlanTier tier, PlanLimits limits, Lease lease) {
        Instant now = clock.instant();
        if (lease.usableFor(tier, now)) {
            lease.unused--;
            lease.lastUsedNanos = System.nanoTime();
            return new RateDecision(true, tier, limits, lease.countsNow(), now);
        }
        giveBack(userId, lease);
        Optional<RequestCounters.Grant> grant = counters.grant(userId, limits, now, leaseMax, SHARE_DIVISOR);
        if (grant.isEmpty() && counters.ensureRow(userId, now)) {
            grant = counters.grant(userId, limits, now, leaseMax, SHARE_DIVISOR);
        }
        if (grant.isPresent()) {
            lease.tier = tier;
            lease.grantedAt = now;
            lease.grantedNanos = System.nanoTime();
            lease.lastUsedNanos = lease.grantedNanos;
            lease.countsAtGrant = grant.get().counts();
            lease.unused = grant.get().requests() - 1;
            return new RateDecision(true, tier, limits, lease.countsNow(), now);
        }
        Optional<RequestCounts> current = counters.read(userId, now);
        if (current.isEmpty()) {
            // No row even after ensureRow: the user was deleted while this request was on its way. Nothing to
            // count against; whatever the request does next finds no user.
            return new RateDecision(true, tier, limits, new RequestCounts(0, 0, 0), now);
        }
        RateDecision refused = new RateDecision(false, tier, limits, current.get(), now);
        countRefusal(refused);
        return refused;
    }

    /**
     * @param userId a user
     * @return requests this node has counted in advance for the user and not used yet (to subtract from the stored
     *         counters when showing them)
     */
    public long unusedFor(UUID userId) {
        Lease lease = leases.get(userId);
        if (lease == null) {
            return 0;
        }
        acquire(lease);
        try {
            return lease.unused;
        } finally {
            lease.lock.unlock();
        }
    }

    /**
     * Gives back what leases older than {@code age} did not use, and forgets leases idle for longer than that.
     *
     * @param age the age from which a lease is given back ({@link Duration#ZERO}: every lease)
     */
    public void sweep(Duration age) {
        long now = System.nanoTime();
        for (UUID userId : leases.keySet()) {
            Lease lease = leases.get(userId);
            if (lease == null) {
                continue;
            }
            lease.lock.lock();
            try {
                if (lease.retired || now - lease.grantedNanos < age.toNanos()) {
                    continue;
                }
                giveBack(userId, lease);
                if (now - lease.lastUsedNanos >= age.toNanos()) {
                    lease.retired = true;
                    leases.remove(userId, lease);
                }
            } finally {
                lease.lock.unlock();
            }
        }
    }

    private void sweepQuietly() {
        try {
            sweep(Duration.ofMillis(leaseMillis));
        } catch (RuntimeException e) {
            // The scheduler would stop for good after an exception.
            LOG.log(Level.WARNING, "sweeping rate-limit leases failed ({0})", e.getClass().getName());
        }
    }

    /** Waits for the lease, at most {@link #LEASE_WAIT} and not once the database is known to be unreachable. */
    private void acquire(Lease lease) {
        long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
        try {
            while (!lease.lock.tryLock(OUTAGE_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if ((outage != null && outage.ongoing()) || System.nanoTime() - deadline > 0) {
                    throw new CountersUnavailableException(
                            "another request of this user is still waiting for the database", null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CountersUnavailableException("interrupted while waiting for the database", e);
        }
    }

    /** Gives back the lease's unused requests; on failure they stay counted (a user may get fewer, never more). */
    private void giveBack(UUID userId, Lease lease) {
        long unused = lease.unused;
        lease.unused = 0;
        if (unused > 0) {
            try {
                counters.giveBack(userId, unused, lease.grantedAt);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "giving back {0} unused requests of a lease failed ({1}); they stay counted",
                        new Object[] {unused, e.getClass().getName()});
            }
        }
    }

    /**
     * Creates every refusal counter at 0, one per window and plan, so that a dashboard's {@code rate()} and an alert
     * on the first refusal see the series before anything was refused.
     */
    public void registerRefusalCounters() {
        if (metrics == null) {
            return;
        }
        for (RateWindow window : RateWindow.values()) {
            for (PlanTier tier : PlanTier.values()) {
                refusals().touch(window.value(), tier.value());
            }
        }
    }

    private void countRefusal(RateDecision refused) {
        if (metrics == null) {
            return;
        }
        List<RateWindow> exhausted = refused.exhausted();
        // The window whose reopening the client waits for: the last one to open again.
        String window = exhausted.isEmpty() ? "unknown" : exhausted.get(exhausted.size() - 1).value();
        refusals().inc(window, refused.tier().value());
    }

    private Counter refusals() {
        return metrics.counter(REFUSALS, "Requests refused with 429 by the plan's request windows, by window and plan",
                "window", "plan");
    }
}
