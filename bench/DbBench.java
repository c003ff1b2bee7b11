import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Database-level parts of bench/run.sh (single-file program, JDBC driver from the server jar):
 *
 * <pre>
 * java -cp dist/target/whitemagic-server.jar bench/DbBench.java writer-floor JDBC_URL REPO_ROOT [ROWS=200000] [BATCH=1000]
 * java -cp 'dist/target/whitemagic-server.jar:WAR_LIB/*' bench/DbBench.java daily-reset JDBC_URL REPO_ROOT [USERS=1000000] [RUNS=3]
 * </pre>
 *
 * Nothing of the application's SQL is copied, so this measures what the server runs, whatever it becomes: the writer
 * floor reads the text block {@code UsageWriter.INSERT_SQL} from the persistence module's source at REPO_ROOT; the
 * daily reset calls {@code RequestCounters.resetDaily} itself, from the persistence jar of the packaged WAR
 * (WAR_LIB: its {@code WEB-INF/lib}, extracted; bench/run.sh does it), on a plain PostgreSQL data source.
 * <ul>
 * <li>{@code writer-floor} (P4's floor): how many usage rows per second the metering writer's own statement can put
 * into this database on one connection, in batches of BATCH rows (the recorder's batch: 1,000), as the server's flush
 * thread does, for an existing user and key. The rows are deleted afterwards (untimed).</li>
 * <li>{@code daily-reset} (P5): makes sure USERS users with a quotas row exist (inserted set-based with
 * generate_series, emails {@code bench-reset-N@bench.invalid}), then RUNS times: makes every daily counter non-zero and
 * dated yesterday, VACUUM + CHECKPOINT (untimed), and times {@code RequestCounters.resetDaily(today)} (what the
 * midnight job {@code QuotaReset} calls), today being the UTC date.</li>
 * </ul>
 * Prints one machine-readable line per measurement: {@code WRITER_FLOOR rows=.. seconds=.. rows_per_s=..} and
 * {@code RESET run=.. rows=.. seconds=..}.
 */
public class DbBench {

    public static void main(String[] args) {
        try {
            switch (args.length > 0 ? args[0] : "") {
                case "writer-floor" -> writerFloor(args);
                case "daily-reset" -> dailyReset(args);
                default -> {
                    System.err.println("usage: DbBench writer-floor|daily-reset JDBC_URL REPO_ROOT [...]");
                    System.exit(2);
                }
            }
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** The text block {@code name = """ ... """} of a Java source file, indentation stripped as javac does. */
    static String textBlock(Path source, String name) throws Exception {
        String text = Files.readString(source);
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\s*=\\s*\"\"\"[ \\t]*\\n(.*?)\"\"\"", Pattern.DOTALL)
                .matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(name + " not found in " + source + ": update bench/DbBench.java");
        }
        return m.group(1).stripIndent().strip();
    }

    static Connection connect(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, "postgres", "");
        c.setAutoCommit(true);
        return c;
    }

    static void writerFloor(String[] args) throws Exception {
        String url = args[1];
        Path root = Path.of(args[2]);
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        String sql = textBlock(root.resolve(
                "persistence/src/main/java/dev/whitemagic/persistence/usage/UsageWriter.java"), "INSERT_SQL");
        String endpoint = "/bench/writer-floor";
        try (Connection c = connect(url)) {
            String userId;
            String keyId;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select k.user_id, k.id from api_keys k join users u on u.id = k.user_id"
                         + " order by k.created_at limit 1")) {
                if (!rs.next()) {
                    throw new IllegalStateException("no user with a key in the database");
                }
                userId = rs.getString(1);
                keyId = rs.getString(2);
            }
            String[] users = new String[batch];
            String[] keys = new String[batch];
            String[] endpoints = new String[batch];
            String[] methods = new String[batch];
            Integer[] statuses = new Integer[batch];
            Integer[] times = new Integer[batch];
            String[] instants = new String[batch];
            java.util.Arrays.fill(users, userId);
            java.util.Arrays.fill(keys, keyId);
            java.util.Arrays.fill(endpoints, endpoint);
            java.util.Arrays.fill(methods, "GET");
            java.util.Arrays.fill(statuses, 200);
            java.util.Arrays.fill(times, 1);
            int warmup = Math.max(2, rows / batch / 10);
            long written = 0;
            long t0 = 0;
            int batches = rows / batch;
            for (int b = 0; b < warmup + batches; b++) {
                if (b == warmup) {
                    t0 = System.nanoTime();
                }
                String now = Instant.now().toString();
                java.util.Arrays.fill(instants, now);
                // As UsageWriter.write: the arrays built per batch, one statement, autocommit.
                try (PreparedStatement insert = c.prepareStatement(sql)) {
                    insert.setArray(1, c.createArrayOf("text", users));
                    insert.setArray(2, c.createArrayOf("text", keys));
                    insert.setArray(3, c.createArrayOf("text", endpoints));
                    insert.setArray(4, c.createArrayOf("text", methods));
                    insert.setArray(5, c.createArrayOf("int4", statuses));
                    insert.setArray(6, c.createArrayOf("int4", times));
                    insert.setArray(7, c.createArrayOf("text", instants));
                    int n = insert.executeUpdate();
                    if (n != batch) {
                        throw new IllegalStateException("inserted " + n + " rows of " + batch);
                    }
                    if (b >= warmup) {
                        written += n;
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("WRITER_FLOOR rows=%d seconds=%.3f rows_per_s=%.0f batch=%d%n", written, seconds,
                    written / seconds, batch);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("delete from usage_records where endpoint = '" + endpoint + "'");
            }
        }
    }

    static void dailyReset(String[] args) throws Exception {
        String url = args[1];
        Path root = Path.of(args[2]);
        int users = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        // The application's class, by reflection so that the writer floor needs no WAR on the class path.
        Class<?> countersClass = Class.forName("dev.whitemagic.persistence.quota.RequestCounters");
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser("postgres");
        Object counters = countersClass.getConstructor(javax.sql.DataSource.class).newInstance(dataSource);
        java.lang.reflect.Method resetDaily = countersClass.getMethod("resetDaily", LocalDate.class);
        System.out.println("timing " + countersClass.getName() + ".resetDaily(LocalDate) from "
                + countersClass.getProtectionDomain().getCodeSource().getLocation());
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            long have;
            try (ResultSet rs = s.executeQuery("select count(*) from users where email like 'bench-reset-%'")) {
                rs.next();
                have = rs.getLong(1);
            }
            if (have < users) {
                long t = System.nanoTime();
                // The schema of persistence/src/main/resources/db/changelog (001 users, 003/009 quotas): the columns
                // not given take their defaults (reset dates: today, UTC).
                s.executeUpdate("insert into users (id, email, plan_tier) select gen_random_uuid(),"
                        + " 'bench-reset-' || g || '@bench.invalid', 'free' from generate_series(" + (have + 1) + ", "
                        + users + ") g");
                s.executeUpdate("insert into quotas (user_id) select u.id from users u"
                        + " where u.email like 'bench-reset-%' and not exists"
                        + " (select 1 from quotas q where q.user_id = u.id)");
                s.execute("vacuum analyze users");
                System.out.printf("seeded %,d users with quotas rows in %.1f s%n", users - have,
                        (System.nanoTime() - t) / 1e9);
            }
            long quotas;
            try (ResultSet rs = s.executeQuery("select count(*) from quotas")) {
                rs.next();
                quotas = rs.getLong(1);
            }
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            for (int run = 1; run <= runs; run++) {
                long t = System.nanoTime();
                try (PreparedStatement dirty = c.prepareStatement("update quotas set requests_today = 1 + (random() * 500)::int,"
                        + " last_reset_daily = ?")) {
                    dirty.setObject(1, today.minusDays(1));
                    dirty.executeUpdate();
                }
                s.execute("vacuum quotas");
                s.execute("checkpoint");
                double prep = (System.nanoTime() - t) / 1e9;
                long t0 = System.nanoTime();
                int reset = (Integer) resetDaily.invoke(counters, today);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (reset < users) {
                    throw new IllegalStateException("reset " + reset + " rows, expected at least " + users);
                }
                System.out.printf("RESET run=%d rows=%d quotas_rows=%d seconds=%.3f (untimed preparation %.1f s)%n",
                        run, reset, quotas, seconds, prep);
            }
        }
    }
}
