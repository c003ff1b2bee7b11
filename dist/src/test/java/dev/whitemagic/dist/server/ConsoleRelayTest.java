package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleRelayTest {

    private static final String SEVERE_HEADER = "[2026-11-25T09:26:52.478+0000] [] [\u001B[1;91mSEVERE\u001B[0m] "
            + "[NCLS-CORE-00026] [javax.enterprise.system.core] [tid: _ThreadID=1 _ThreadName=main] "
            + "[timeMillis: 1795598812478] [levelValue: 1000] ";
    private static final String INFO_HEADER = "[2026-11-25T09:26:52.570+0000] [] [INFO] [] [PayaraMicro] "
            + "[tid: _ThreadID=1 _ThreadName=main] [timeMillis: 1795598812570] [levelValue: 800] ";

    private final ConsoleRelay console = new ConsoleRelay(new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream()));

    @Test
    void causeLines_areTheSevereRecordsWithoutStackFrames() {
        console.remember(INFO_HEADER + "Deploying whitemagic");
        console.remember(SEVERE_HEADER + "[[");
        console.remember("  Exception during lifecycle processing");
        console.remember("org.glassfish.deployment.common.DeploymentException: CDI deployment failure:WELD-001408");
        console.remember("\tat org.jboss.weld.bootstrap.Validator.validateInjectionPoint(Validator.java:294)");
        console.remember("\t... 42 more");
        console.remember("]]");
        console.remember(INFO_HEADER + "Deployed 1 archive(s)");
        console.remember(SEVERE_HEADER + "Exception while loading the app");

        assertThat(console.causeLines()).containsExactly(
                "SEVERE: Exception during lifecycle processing",
                "org.glassfish.deployment.common.DeploymentException: CDI deployment failure:WELD-001408",
                "SEVERE: Exception while loading the app");
        assertThat(console.deploymentFailedAt()).isNotZero();
    }

    @Test
    void causeLines_withoutRecords_areTheLastLines() {
        console.remember("Unrecognized VM option 'NoSuchOption'");
        console.remember("Error: Could not create the Java Virtual Machine.");

        assertThat(console.causeLines()).containsExactly(
                "Unrecognized VM option 'NoSuchOption'",
                "Error: Could not create the Java Virtual Machine.");
        assertThat(console.deploymentFailedAt()).isZero();
    }

    @Test
    void causeLines_withoutSevereRecords_showRecordsAsLevelAndMessage() {
        console.remember(INFO_HEADER + "Built Payara Micro Runtime");
        console.remember("");

        assertThat(console.causeLines()).containsExactly("INFO: Built Payara Micro Runtime");
    }

    @Test
    void serverReadyAt_isSetByPayarasReadyLineEvenWithoutDeployment() {
        assertThat(console.serverReadyAt()).isZero();

        console.remember(INFO_HEADER + "Payara Micro 6.2025.10 (build 42) ready in 11,626 (ms)");

        assertThat(console.serverReadyAt()).isNotZero();
        assertThat(console.causeLines()).hasSize(1);
    }

    @Test
    void wildFly_errorRecordsAreTheCause_aRolledBackDeploymentFailed_andItsStartedLineIsReady() {
        console.remember("12:01:02,345 INFO  [org.jboss.as.server.deployment] (MSC service thread 1-2) WFLYSRV0027:"
                + " Starting deployment of \"whitemagic.war\"");
        console.remember("12:01:09,001 ERROR [org.jboss.msc.service.fail] (ServerService Thread Pool -- 80)"
                + " MSC000001: Failed to start service jboss.persistenceunit.\"whitemagic.war#whitemagic\"");
        console.remember("\tat org.jboss.as.jpa.service.PersistenceUnitServiceImpl$1.run(PersistenceUnitServiceImpl.java:1)");
        console.remember("Caused by: org.hibernate.HibernateException: Unable to determine Dialect");
        console.remember("12:01:09,120 INFO  [org.jboss.as.server] (ServerService Thread Pool -- 44) WFLYSRV0010:"
                + " Deployed \"whitemagic.war\"");
        assertThat(console.deploymentFailedAt()).isZero();
        console.remember("12:01:09,200 ERROR [org.jboss.as.server] (ServerService Thread Pool -- 44) WFLYSRV0021:"
                + " Deploy of deployment \"whitemagic.war\" was rolled back with the following failure message:");
        console.remember("12:01:09,300 INFO  [org.jboss.as] (Controller Boot Thread) WFLYSRV0026: WildFly 39.0.1.Final"
                + " (WildFly Core 31.0.3.Final) started (with errors) in 9123ms");

        assertThat(console.causeLines()).containsExactly(
                "ERROR: MSC000001: Failed to start service jboss.persistenceunit.\"whitemagic.war#whitemagic\"",
                "Caused by: org.hibernate.HibernateException: Unable to determine Dialect",
                "ERROR: WFLYSRV0021: Deploy of deployment \"whitemagic.war\" was rolled back with the following"
                        + " failure message:");
        assertThat(console.deploymentFailedAt()).isNotZero();
        assertThat(console.serverReadyAt()).isNotZero();
    }

    @Test
    void relay_leavesOutStackFramesButKeepsTheExceptionChain() throws InterruptedException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        ConsoleRelay relay = new ConsoleRelay(new PrintStream(copy, true), new PrintStream(shown, true));
        String input = String.join("\n",
                SEVERE_HEADER + "[[",
                "  RAR5031:System Exception",
                "jakarta.resource.spi.LocalTransactionException: An I/O error occurred while sending to the backend.",
                "\tat com.sun.gjc.spi.LocalTransactionImpl.commit(LocalTransactionImpl.java:112)",
                "        at java.base/java.lang.Thread.run(Thread.java:840)",
                "Caused by: java.net.SocketTimeoutException: Read timed out",
                "\t... 91 more",
                "\t... 3 common frames omitted",
                "\tat jdk.internal.reflect.GeneratedMethodAccessor42.invoke(Unknown Source)",
                "]]",
                INFO_HEADER + "[[",
                "at least one line that only looks like a frame",
                "]]") + "\n";

        relay.relay(new ByteArrayInputStream(input.getBytes(Charset.defaultCharset())), "test-relay").join();

        String plainSevereHeader = SEVERE_HEADER.replace("\u001B[1;91m", "").replace("\u001B[0m", "");
        assertThat(copy.toString(Charset.defaultCharset()).lines()).as("the log file, without colour codes")
                .containsExactly(
                plainSevereHeader + "[[",
                "  RAR5031:System Exception",
                "jakarta.resource.spi.LocalTransactionException: An I/O error occurred while sending to the backend.",
                "Caused by: java.net.SocketTimeoutException: Read timed out",
                "]]",
                INFO_HEADER + "[[",
                "at least one line that only looks like a frame",
                "]]");
        assertThat(relay.recentLines()).as("what explains a failed start still sees every line").hasSize(13);
        assertThat(shown.toString(Charset.defaultCharset()).lines()).as("the console: one line for the error")
                .containsExactly("whitemagic-server: SEVERE: RAR5031:System Exception");
    }

    @Test
    void relay_copiesEveryLineAndKeepsOnlyTheRecentOnes() throws InterruptedException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        ConsoleRelay relay = new ConsoleRelay(new PrintStream(copy, true), new PrintStream(shown, true));
        String input = "line\n".repeat(1000);

        relay.relay(new ByteArrayInputStream(input.getBytes(Charset.defaultCharset())), "test-relay").join();

        assertThat(copy.toString(Charset.defaultCharset()).lines()).hasSize(1000);
        assertThat(relay.recentLines()).hasSize(400);
        assertThat(shown.size()).as("nothing on the console for lines that are no warning").isZero();
    }

    @Test
    void console_showsOneLinePerWarningOrError_butNotTheServersOwnKnownNoise() throws InterruptedException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        ConsoleRelay relay = new ConsoleRelay(new PrintStream(copy, true), new PrintStream(shown, true));
        String warningHeader = "[2026-12-07T14:54:06.025+0000] [] [\u001B[1;93mWARNING\u001B[0m] [%s] "
                + "[javax.enterprise.system.security.ssl] [tid: _ThreadID=1 _ThreadName=main] "
                + "[timeMillis: 1796655246025] [levelValue: 900] ";
        String input = String.join("\n",
                String.format(warningHeader, "NCLS-SECURITY-05054") + "[[",
                "  The SSL certificate has expired: [",
                "]]",
                INFO_HEADER + "Deploying whitemagic",
                String.format(warningHeader, "") + "HHH90000029: The [hibernate.enhancer.enableDirtyTracking] "
                        + "configuration is deprecated and will be removed.",
                String.format(warningHeader, "") + "the pool is slow to answer",
                String.format(warningHeader, "") + "x".repeat(500),
                "12:00:00,123 WARN  [org.jboss.as.txn] (MSC service thread 1-2) WFLYTX0013: node identifier is not set",
                "12:00:00,456 INFO  [org.jboss.as] (Controller Boot Thread) WFLYSRV0025: started",
                "12:00:01,000 ERROR [org.jboss.as.controller] (main) WFLYCTL0013: Operation failed") + "\n";

        relay.relay(new ByteArrayInputStream(input.getBytes(Charset.defaultCharset())), "test-relay").join();

        List<String> lines = shown.toString(Charset.defaultCharset()).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("whitemagic-server: WARNING: the pool is slow to answer");
        assertThat(lines.get(1)).startsWith("whitemagic-server: WARNING: xxx").endsWith("…").hasSizeLessThan(300);
        assertThat(lines.get(2)).isEqualTo("whitemagic-server: WARN: WFLYTX0013: node identifier is not set");
        assertThat(lines.get(3)).isEqualTo("whitemagic-server: ERROR: WFLYCTL0013: Operation failed");
        assertThat(shown.toString(Charset.defaultCharset())).doesNotContain("\u001B[");
        assertThat(copy.toString(Charset.defaultCharset())).contains("The SSL certificate has expired")
                .doesNotContain("\u001B[");
    }
}
