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
 * Copies the application server's console (Payara Micro's or WildFly's) line by line to the server log file, shows one
 * short line on our console for each warning or error that matters, and remembers what a failed start has to explain:
 * the last few hundred lines, the first SEVERE (ERROR) records without their stack traces, and the moments the server
 * reports a failed deployment or calls itself ready. Colour codes are taken out: a log file or a pipe is no terminal.
 *
 * <p>Stack frames are not copied: the server's log never carries a stack trace. The application logs its own
 * failures as exception classes and the place they were thrown; what the container and its libraries log (the
 * connection pool while a database does not answer, for one) keeps its exception chain, each exception's class and
 * message and its {@code Caused by:} lines, without the frames.
 */
final class ConsoleRelay {

    private static final int RECENT_LINES = 400;
    private static final int PROBLEM_LINES = 40;
    /** A console line longer than this is cut: the whole record is in the log file. */
    private static final int CONSOLE_LINE_CHARS = 240;
    /**
     * Warnings at every start that an operator can do nothing about, kept in the log file but not shown: Payara Micro's
     * bundled trust store holds certificates that have expired (NCLS-SECURITY-05054); Hibernate calls the persistence
     * unit's two enhancer settings deprecated (HHH90000029), but they must stay off, since Payara's load-time enhancer
     * fails with ClassCircularityError otherwise and Hibernate has no other switch for it (and silencing the logger
     * with Payara's set-log-levels at boot replaces Payara's log format).
     */
    private static final Pattern IGNORED_WARNINGS =
            Pattern.compile("NCLS-SECURITY-05054|HHH90000029: The \\[hibernate\\.enhancer\\.");
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
    private final PrintStream log;
    private final PrintStream console;
    private boolean inSevereRecord;
    /** The level of a Payara warning whose message starts on the next line, or null. */
    private String warningPendingLevel;
    private boolean severePrefixPending;
    private long deploymentFailedAt;
    private long serverReadyAt;

    /**
     * @param log     receives every line of the server's console except stack frames
     * @param console receives one line per warning or error
     */
    ConsoleRelay(PrintStream log, PrintStream console) {
        this.log = log;
        this.console = console;
    }

    /** Starts a daemon thread that relays {@code serverConsole} until it ends. */
    Thread relay(InputStream serverConsole, String threadName) {
        Thread thread = new Thread(() -> copy(serverConsole), threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void copy(InputStream serverConsole) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(serverConsole, Charset.defaultCharset()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String clean = ANSI_ESCAPE.matcher(line).replaceAll("");
                if (!STACK_FRAME.matcher(clean).find()) {
                    log.println(clean);
                }
                String noteworthy = remember(clean);
                if (noteworthy != null) {
                    console.println("whitemagic-server: " + noteworthy);
                }
            }
        } catch (IOException e) {
            // The child is gone and its pipe with it: nothing left to relay.
        }
    }

    /**
     * Takes one line of the server's console into account.
     *
     * @return the line to show on our console for a warning or an error (level and message), or null
     */
    synchronized String remember(String rawLine) {
        String line = ANSI_ESCAPE.matcher(rawLine).replaceAll("");
        String noteworthy = null;
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
            warningPendingLevel = null;
            if (inSevereRecord || level.equals("WARN")) {
                noteworthy = noteworthy(level, wildfly.group(2), line);
            }
        } else if (record.matches()) {
            inSevereRecord = "SEVERE".equals(record.group(1));
            String message = record.group(2).strip();
            // a multi-line message starts on the line after the record's header, which then ends in "[["
            severePrefixPending = inSevereRecord && (message.isEmpty() || message.equals("[["));
            if (inSevereRecord && !severePrefixPending) {
                addProblem("SEVERE: " + message);
            }
            warningPendingLevel = null;
            String level = record.group(1);
            if (level.equals("SEVERE") || level.startsWith("WARN")) {
                if (message.isEmpty() || message.equals("[[")) {
                    warningPendingLevel = IGNORED_WARNINGS.matcher(line).find() ? null : level;
                } else {
                    noteworthy = noteworthy(level, message, line);
                }
            }
        } else {
            if (inSevereRecord) {
                addProblem(line);
            }
            if (warningPendingLevel != null && !line.isBlank()) {
                noteworthy = noteworthy(warningPendingLevel, line, line);
                warningPendingLevel = null;
            }
        }
        if (deploymentFailedAt == 0 && DEPLOYMENT_FAILED.matcher(line).find()) {
            deploymentFailedAt = System.nanoTime();
        }
        if (serverReadyAt == 0 && SERVER_READY.matcher(line).find()) {
            serverReadyAt = System.nanoTime();
        }
        return noteworthy;
    }

    private static String noteworthy(String level, String message, String wholeLine) {
        if (IGNORED_WARNINGS.matcher(wholeLine).find()) {
            return null;
        }
        String text = level + ": " + message.strip();
        return text.length() <= CONSOLE_LINE_CHARS ? text : text.substring(0, CONSOLE_LINE_CHARS - 1) + "…";
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
