package dev.whitemagic.persistence.health;

import dev.whitemagic.persistence.limits.DatabaseBusy;
import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Remembers that the database cannot be reached, so that requests needing it are answered at once (503, retry
 * shortly) instead of each waiting out the driver's bounds, and finds out by itself when it can be reached again.
 *
 * <p>Waiting is not only slow, it adds up: while the database does not answer, a request that needs a new connection
 * waits for the pool to open one, and the pool opens connections one at a time, so each waits the login bound of
 * every request ahead of it. With the outage known, only the requests already talking to the database when it
 * stopped answering wait (the driver's socket timeout), and those that came in before the first of them found out.
 *
 * <p>An outage begins when a request's failure says the database is unreachable ({@link DatabaseBusy#unreachable}:
 * a connection lost, refused or timed out; not a busy pool or a cancelled statement) and ends when a probe, one short
 * query run in the background every {@value #RECHECK_MILLIS} ms while the outage lasts, gets an answer.
 */
@ApplicationScoped
public class DatabaseOutage {

    /** The pause between two probes while the database cannot be reached. */
    static final long RECHECK_MILLIS = 500;

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class.getName());

    @Inject
    DatabaseHealth health;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Metrics metrics;

    /** {@link System#nanoTime()} (made odd, so never 0) when the outage began; 0 while there is none. */
    private final AtomicLong began = new AtomicLong();
    private volatile boolean stopped;
    private Executor probes;
    private BooleanSupplier reachable;
    private Counter outages;
    private Counter refusals;
    private Counter busyAnswers;

    /** For CDI: the collaborators arrive by injection. */
    protected DatabaseOutage() {
    }

    /**
     * For tests in Java SE (no metrics).
     *
     * @param probes    runs the probing while an outage lasts
     * @param reachable one probe: whether the database answers
     */
    public DatabaseOutage(Executor probes, BooleanSupplier reachable) {
        this.probes = probes;
        this.reachable = reachable;
    }

    @PostConstruct
    void register() {
        probes = executor;
        reachable = () -> health.probe().up();
        metrics.gauge("wm_database_unreachable", "1 while the database cannot be reached and requests that need it"
                + " are answered 503 at once, else 0", () -> ongoing() ? 1 : 0);
        outages = metrics.counter("wm_database_outages_total", "Times the database became unreachable");
        refusals = metrics.counter("wm_database_outage_refusals_total",
                "Requests answered 503 without trying the database, because it could not be reached");
        busyAnswers = metrics.counter("wm_database_busy_total", "Requests answered 503 because their database work"
                + " failed: a statement past the statement timeout, a transaction undone by a collision with another,"
                + " or no connection to be had", "kind");
        for (DatabaseBusy kind : DatabaseBusy.values()) {
            busyAnswers.touch(label(kind));
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }

    /** Whether the database cannot be reached now: a request that needs it should not try. */
    public boolean ongoing() {
        return began.get() != 0;
    }

    /** Counts a request answered 503 because of the outage. */
    public void refused() {
        if (refusals != null) {
            refusals.inc();
        }
    }

    /**
     * Takes a request answered 503 because its database work failed with {@code failure}: counts the answer by what
     * the failure says ({@code wm_database_busy_total}), and begins an outage if it says the database cannot be
     * reached, and with it the probing that ends it; any other failure, or one during an outage, begins nothing.
     */
    public void report(Throwable failure) {
        DatabaseBusy.of(failure).ifPresent(kind -> {
            if (busyAnswers != null) {
                busyAnswers.inc(label(kind));
            }
        });
        if (stopped || !DatabaseBusy.unreachable(failure) || !began.compareAndSet(0, System.nanoTime() | 1)) {
            return;
        }
        if (outages != null) {
            outages.inc();
        }
        LOG.warning("the database cannot be reached: requests that need it are answered 503 until a probe reaches"
                + " it again");
        try {
            probes.execute(this::probeUntilReachable);
        } catch (RuntimeException rejected) {
            // Nothing would end the outage: requests go on trying the database themselves instead.
            began.set(0);
        }
    }

    /** The metric label of a kind: {@code statement_timeout}, {@code conflict}, {@code no_connection}. */
    static String label(DatabaseBusy kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private void probeUntilReachable() {
        while (!stopped && ongoing()) {
            boolean up;
            try {
                up = reachable.getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            if (up) {
                long lasted = System.nanoTime() - began.getAndSet(0);
                LOG.info(() -> "the database can be reached again, after "
                        + TimeUnit.NANOSECONDS.toMillis(lasted) + " ms");
                return;
            }
            try {
                Thread.sleep(RECHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                began.set(0);
                return;
            }
        }
        began.set(0);
    }
}
