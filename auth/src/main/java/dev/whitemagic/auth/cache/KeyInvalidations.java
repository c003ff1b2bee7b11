package dev.whitemagic.auth.cache;

import dev.whitemagic.auth.ManagedConcurrency;
import dev.whitemagic.auth.key.CallerInvalidated;
import dev.whitemagic.persistence.Failures;
import dev.whitemagic.persistence.notify.Notifications;
import dev.whitemagic.persistence.notify.Notifications.Subscription;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Invalidates {@link VerifiedKeyCache} on every node when a key or a user changes, through PostgreSQL
 * LISTEN/NOTIFY on {@value #CHANNEL}.
 * <p>
 * Payload: {@code <userId>} (every key of the user) or {@code <userId>:<keyId>} (one key), UUIDs in their usual
 * text form. A payload this class cannot read clears the whole cache, which is always safe.
 * <p>
 * Publishing runs inside the transaction that made the change, so PostgreSQL delivers it only if that transaction
 * commits; this node evicts at once after the commit without waiting for its own notification. Listening uses one
 * dedicated connection ({@link Notifications#subscribe}) on a container-managed thread. Whenever that connection is
 * (re-)established, and when it is lost, the whole cache is dropped: notifications may have been missed in between.
 */
@ApplicationScoped
public class KeyInvalidations {

    /** The notification channel; other writers of the database (scripts, other services) may notify it too. */
    public static final String CHANNEL = "wm_caller_invalidated";

    /** Shown in {@code pg_stat_activity}, so an operator (or a test) can find the listener's backend. */
    static final String APPLICATION_NAME = "whitemagic-key-invalidations";

    private static final Logger LOG = Logger.getLogger(KeyInvalidations.class.getName());

    /** How long one wait for notifications blocks: bounds how late a stop is noticed. */
    private static final int POLL_MILLIS = 500;
    /** After this long without any traffic the connection is probed: a half-open TCP connection delivers nothing. */
    private static final Duration PROBE_AFTER = Duration.ofSeconds(15);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    @Inject
    VerifiedKeyCache cache;

    @Inject
    Notifications notifications;

    private Callable<Subscription> subscriptions;
    private ThreadFactory threads;

    private volatile boolean running;
    private volatile Subscription current;
    private volatile Thread listener;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong established = new AtomicLong();

    /** For CDI: the collaborators arrive by field injection. */
    protected KeyInvalidations() {
    }

    /** For tests in Java SE: no container, no publishing through JPA. */
    KeyInvalidations(VerifiedKeyCache cache, Callable<Subscription> subscriptions, ThreadFactory threads) {
        this.cache = cache;
        this.subscriptions = subscriptions;
        this.threads = threads;
    }

    /**
     * Starts listening; called once when the web application starts. Not an {@code @Initialized} observer:
     * Payara fires that before the application's naming context exists, and the injection of this bean's
     * entity manager then fails the deployment.
     */
    public void startListening() {
        subscriptions = () -> notifications.subscribe(CHANNEL, APPLICATION_NAME);
        threads = ManagedConcurrency.threadFactory();
        start();
    }

    /** Publishes the invalidation inside the caller's transaction, so other nodes hear of it only if it commits. */
    void publish(@Observes(during = TransactionPhase.IN_PROGRESS) CallerInvalidated event) {
        notifications.publish(CHANNEL, payload(event));
    }

    /** Evicts on this node as soon as the change is committed: the next request here must already see it. */
    void evictLocally(@Observes(during = TransactionPhase.AFTER_SUCCESS) CallerInvalidated event) {
        evict(event);
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread thread = threads.newThread(this::listen);
        thread.setName("wm-key-invalidations");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    /**
     * Stops the listener and waits briefly for its thread to end. The container does not interrupt threads it
     * made, so the flag and closing the connection are what end the loop.
     */
    @PreDestroy
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopped.countDown();
        closeQuietly(current);
        Thread thread = listener;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warning("the key invalidation listener did not stop within 5 s");
            }
        }
    }

    /** @return how often the listening connection has been established; tests wait on it */
    long establishedConnections() {
        return established.get();
    }

    /** @return whether the listener thread is still running */
    boolean listenerAlive() {
        Thread thread = listener;
        return thread != null && thread.isAlive();
    }

    private void listen() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try (Subscription subscription = subscriptions.call()) {
                current = subscription;
                if (!running) {
                    return;
                }
                cache.clear();
                established.incrementAndGet();
                LOG.info("listening for key invalidations on " + CHANNEL);
                backoff = FIRST_BACKOFF;
                receive(subscription);
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                cache.clear();
                LOG.log(Level.WARNING, "key invalidation listener lost its connection (" + Failures.describe(e)
                        + "); cache dropped, reconnecting in " + backoff.toMillis() + " ms");
                try {
                    if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                current = null;
            }
        }
    }

    private void receive(Subscription subscription) throws SQLException {
        long quietSince = System.nanoTime();
        while (running) {
            List<String> payloads = subscription.poll(POLL_MILLIS);
            if (!payloads.isEmpty()) {
                payloads.forEach(this::apply);
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > PROBE_AFTER.toNanos()) {
                subscription.probe();
                quietSince = System.nanoTime();
            }
        }
    }

    private void apply(String payload) {
        Optional<CallerInvalidated> event = parse(payload);
        if (event.isPresent()) {
            evict(event.get());
        } else {
            LOG.warning("unreadable payload on " + CHANNEL + "; dropping the whole cache");
            cache.clear();
        }
    }

    private void evict(CallerInvalidated event) {
        if (event.keyId() == null) {
            cache.evictUser(event.userId());
        } else {
            cache.evictKey(event.keyId());
        }
    }

    /** @return the notification payload of the event: {@code <userId>} or {@code <userId>:<keyId>} */
    static String payload(CallerInvalidated event) {
        return event.keyId() == null ? event.userId().toString() : event.userId() + ":" + event.keyId();
    }

    /** @return the event of a payload, or empty if it is not one */
    static Optional<CallerInvalidated> parse(String payload) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            int colon = payload.indexOf(':');
            if (colon < 0) {
                return Optional.of(CallerInvalidated.user(UUID.fromString(payload.strip())));
            }
            return Optional.of(CallerInvalidated.key(UUID.fromString(payload.substring(0, colon).strip()),
                    UUID.fromString(payload.substring(colon + 1).strip())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(Subscription subscription) {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, () -> "closing the listening connection failed: " + Failures.describe(e));
            }
        }
    }
}
