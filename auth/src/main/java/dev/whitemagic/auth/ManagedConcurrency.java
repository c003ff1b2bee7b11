package dev.whitemagic.auth;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The container's default concurrency resources, looked up by their standard names when a bean starts.
 * Field injection with {@code @Resource} does not work here: Payara registers no environment entries for
 * the beans of a library jar inside the WAR, so the deployment fails with "Lookup failed for
 * java:comp/env/…". A lookup at run time, on a thread of the application, finds them.
 */
public final class ManagedConcurrency {

    private ManagedConcurrency() {
    }

    public static ManagedThreadFactory threadFactory() {
        return lookup("java:comp/DefaultManagedThreadFactory");
    }

    public static ManagedScheduledExecutorService scheduledExecutor() {
        return lookup("java:comp/DefaultManagedScheduledExecutorService");
    }

    private static <T> T lookup(String name) {
        try {
            return InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("the container offers no " + name, e);
        }
    }
}
