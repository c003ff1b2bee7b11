package dev.whitemagic.dist.container;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the PostgreSQL that the Arquillian deployment uses, before any test runs: Arquillian deploys
 * before {@code @BeforeAll}, and reads {@code arquillian.xml} (which names this database through
 * system properties) when its first test class starts. Only test plans with an in-container test pay
 * for it.
 */
public class ContainerDatabase implements TestExecutionListener {

    static final String URL_PROPERTY = "wm.it.container.db.url";
    /** The same database's port, for the server's data source (in-container-postboot.asadmin). */
    static final String PORT_PROPERTY = "wm.it.container.db.port";

    private EmbeddedPostgres postgres;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (!hasInContainerTests(plan)) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL for the in-container tests", e);
        }
        System.setProperty(URL_PROPERTY, postgres.getJdbcUrl("postgres", "postgres"));
        System.setProperty(PORT_PROPERTY, Integer.toString(postgres.getPort()));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean hasInContainerTests(TestPlan plan) {
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier test : plan.getDescendants(root)) {
                TestSource source = test.getSource().orElse(null);
                if (source instanceof ClassSource classSource
                        && classSource.getClassName().startsWith(ContainerDatabase.class.getPackageName() + ".")) {
                    return true;
                }
            }
        }
        return false;
    }
}
