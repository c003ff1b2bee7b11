package dev.whitemagic.persistence;

import java.sql.SQLException;

/**
 * What a log line may say about a failure: the chain of exception classes, where each was thrown and, for database
 * errors, the SQL state. Never the messages: a driver's message can quote the statement and its values (a failed
 * batch names every row), and a stack trace is not for the log either: it shows code paths and can carry the same values.
 */
public final class Failures {

    private static final int MAX_DEPTH = 5;

    private Failures() {
    }

    /**
     * Describes a failure for a log line.
     *
     * @param failure any exception, or null
     * @return e.g. {@code java.sql.BatchUpdateException (SQL state 23505) at org.postgresql.…:12 <- …}
     */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "no exception";
        }
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                out.append(" (SQL state ").append(sql.getSQLState()).append(')');
            }
            StackTraceElement[] trace = t.getStackTrace();
            if (trace.length > 0) {
                out.append(" at ").append(trace[0].getClassName()).append('.').append(trace[0].getMethodName())
                        .append(':').append(trace[0].getLineNumber());
            }
        }
        return out.toString();
    }
}
