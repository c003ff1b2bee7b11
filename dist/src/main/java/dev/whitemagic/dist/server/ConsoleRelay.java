package dev.whitemagic.dist.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies the application server's console (Payara Micro's or WildFly's) to ours line by line and remembers what a
 * failed start has to explain: the last few hundred lines, the first SEVERE (ERROR) records without their stack
 * traces, and the moments the server reports a failed deployment or calls itself ready.
 *
 * <p>Stack frames are not copied: the server's log never carries a stack trace. The application logs its own
 * failures as exception classes and the place they were thrown; what the container and its libraries log (the
 * connection pool while a database does not answer, for one) keeps its exception chain, each exception's class and
 * message and its {@code Caused by:} lines, without the frames.
 */
final class ConsoleRelay {

    private static final int RECENT_LINES = 400;
    private static final int PROBLEM_LINES = 40;
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[;\\d]*m");
    /** {@code [time] [version] [LEVEL] [message id] [logger] [thread] [millis] [level value] message} */
    private static final Pattern RECORD_START =
            Pattern.compile("^\\[\\d{4}-\\d\\d-\\d\\dT[^\\]]*\\] \\[[^\\]]*\\] \\[(\\w+)\\].*?\\[levelValue: \\d+\\] ?(.*)$");
    /** {@code at module/package.Class.method(File.java:12)}, or the line that counts the frames left out. */
    private static final Pattern STACK_FRAME =
            Pattern.compile("^\\s*(at \\S+\\([^)]*\\)|\\.\\.\\. \\d+ (more|common frames omitted))");
    private static final Pattern DEPLOYMENT_FAILED = Pattern.compile(
            "Exception while loading the app|Exception during lifecycle processing|deployment failed|failed to deploy"
                    // WildFly: a deployment rolled back, a management operation (the deployment's) failed
                    + "|WFLYSRV0021|WFLYCTL0013",
            Pattern.CASE_INSENSITIVE);
    /**
     * WildFly's console: {@code 12:00:00,123 LEVEL [category] (thread) message}. ERROR and FATAL records count as
     * Payara's SEVERE ones do.
     */
    private static final Pattern WILDFLY_RECORD =
            Pattern.compile("^\\d\\d:\\d\\d:\\d\\d,\\d{3} (\\w+) +\\[[^\\]]*\\] \\([^)]*\\) ?(.*)$");
    /** Payara Micro's, or WildFly's started line (WFLYSRV0025, or WFLYSRV0026 when something failed). */
    private static final Pattern SERVER_READY = Pattern.compile("Payara Micro .* ready in|WFLYSRV002[56]");

    private final Deque<String> recent = new ArrayDeque<>();
    private final List<String> problems = new ArrayList<>();
    private final PrintStream out;
    private boolean inSevereRecord;
    private boolean severePrefixPending;
    private long deploymentFailedAt;
    private long serverReadyAt;

    ConsoleRelay(PrintStream out) {
        this.out = out;
    }

    /** Starts a daemon thread that relays {@code console} until it ends. */
    Thread relay(InputStream console, String threadName) {
        Thread thread = new Thread(() -> copy(console), threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void copy(InputStream console) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(console, Charset.defaultCharset()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!STACK_FRAME.matcher(line).find()) {
                    out.println(line);
                }
                remember(line);
            }
        } catch (IOException e) {
            // The child is gone and its pipe with it: nothing left to relay.
        }
    }

    synchronized void remember(String rawLine) {
        String line = ANSI_ESCAPE.matcher(rawLine).replaceAll("");
        recent.addLast(line);
        if (recent.size() > RECENT_LINES) {
            recent.removeFirst();
        }
        Matcher record = RECORD_START.matcher(line);
        Matcher wildfly = WILDFLY_RECORD.matcher(line);
        if (wildfly.matches()) {
            String level = wildfly.group(1);
            inSevereRecord = level.equals("ERROR") || level.equals("FATAL");
            severePrefixPending = false;
            if (inSevereRecord) {
                addProblem(level + ": " + wildfly.group(2).strip());
            }
        } else if (record.matches()) {
            inSevereRecord = "SEVERE".equals(record.group(1));
            String message = record.group(2).strip();
            // a multi-line message starts on the line after the record's header, which then ends in "[["
            severePrefixPending = inSevereRecord && (message.isEmpty() || message.equals("[["));
            if (inSevereRecord && !severePrefixPending) {
                addProblem("SEVERE: " + message);
            }
        } else if (inSevereRecord) {
            addProblem(line);
        }
        if (deploymentFailedAt == 0 && DEPLOYMENT_FAILED.matcher(line).find()) {
            deploymentFailedAt = System.nanoTime();
        }
        if (serverReadyAt == 0 && SERVER_READY.matcher(line).find()) {
            serverReadyAt = System.nanoTime();
        }
    }

    private void addProblem(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.equals("[[") || trimmed.equals("]]") || STACK_FRAME.matcher(line).find()
                || problems.size() >= PROBLEM_LINES) {
            return;
        }
        problems.add(severePrefixPending ? "SEVERE: " + trimmed : trimmed);
        severePrefixPending = false;
    }

    /** {@link System#nanoTime()} when the server first reported a failed deployment, or 0. */
    synchronized long deploymentFailedAt() {
        return deploymentFailedAt;
    }

    /**
     * {@link System#nanoTime()} when the server said it was ready, or 0; Payara says so even when the deployment
     * failed.
     */
    synchronized long serverReadyAt() {
        return serverReadyAt;
    }

    /**
     * The lines that explain a failure: the SEVERE records without stack frames if there were any,
     * otherwise the last lines of output (a JVM that cannot start prints no records).
     */
    synchronized List<String> causeLines() {
        if (!problems.isEmpty()) {
            return List.copyOf(problems);
        }
        List<String> last = new ArrayList<>();
        for (String line : recent) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.equals("[[") || trimmed.equals("]]") || STACK_FRAME.matcher(line).find()) {
                continue;
            }
            Matcher record = RECORD_START.matcher(line);
            last.add(record.matches() ? record.group(1) + ": " + record.group(2).strip() : trimmed);
        }
        return List.copyOf(last.subList(Math.max(0, last.size() - 15), last.size()));
    }

    synchronized List<String> recentLines() {
        return List.copyOf(recent);
    }
}
