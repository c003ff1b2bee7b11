import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Search benchmark seeder (single-file program, run with the server jar on the class path for the JDBC driver):
 *
 * <pre>java -cp dist/target/whitemagic-server.jar bench/Seed.java BASE_URL ADMIN_TOKEN JDBC_URL OUT_DIR
 *      [TOTAL=1000000] [MEASURED=100000] [USERS=100] [ANCHORS_TSV]</pre>
 *
 * 1. creates USERS enterprise users through the admin API (the first is the measured one; its key and id go to
 * OUT_DIR/key and OUT_DIR/user_id);
 * 2. prints the memories table as PostgreSQL describes it;
 * 3. drops the secondary indexes of memories and memory_search (filled by the server's trigger; their definitions
 * are read from pg_indexes and replayed verbatim afterwards), inserts TOTAL memories with set-based INSERT ... SELECT ... FROM generate_series in chunks on two
 * connections, rebuilds the indexes, fixes the quota counters, and runs ANALYZE.
 *
 * <p>With ANCHORS_TSV (bench/semantic/memories.tsv: id, title, tags, content) it also seeds search by meaning: the
 * measured user stores those memories through the API and the server embeds them (real vectors from its model);
 * every seeded memory then gets synthetic vectors, set-based: one for its first chunk and one more when its content
 * is longer than a chunk (120 words), as the server would store them. They come from a pool of {@link #POOL} unit
 * vectors: half random, half an anchor's vector plus noise (similarity to the anchor 0.24-0.71), so that a
 * paraphrase query finds hundreds of the measured user's memories above the minimum similarity, as a real
 * collection on the same subjects would, and the server's scan, ranking and reading are exercised in full.
 */
public class Seed {

    /** Vocabulary of the content. Earlier words are picked more often (index = n * random()^2). */
    static final String[] WORDS = ("the deploy database query index server client request response cache memory"
            + " error timeout retry config user service token session schema table migration log metric alert"
            + " kubernetes postgres docker container pod node cluster network latency throughput build test release"
            + " branch commit merge review bug fix feature api endpoint payload json header auth key secret"
            + " permission role policy backup restore replica replication failover shard partition vacuum analyze"
            + " lock transaction isolation deadlock connection pool thread queue worker job schedule cron batch"
            + " stream event message broker topic consumer producer offset lag window aggregate join filter sort"
            + " limit page cursor search rank snippet vector embedding model prompt agent context summary note"
            + " decision insight pattern heuristic lesson incident postmortem outage rollback canary rollout flag"
            + " experiment dashboard trace span profile heap garbage collector allocation leak cpu disk io"
            + " throughput benchmark regression baseline target budget cost invoice billing plan quota limit"
            + " customer tenant account email notification webhook integration sdk library dependency upgrade"
            + " version patch security vulnerability audit compliance encryption certificate tls dns proxy"
            + " gateway load balancer ingress egress firewall subnet region zone availability durability"
            + " consistency eventual strong idempotent retry backoff jitter circuit breaker bulkhead fallback"
            + " health readiness liveness probe restart crash panic exception stack frame variable function"
            + " method class interface module package import export compile runtime jvm garbage heap thread"
            + " meeting team owner oncall handoff runbook checklist template document draft final approved"
            + " monday tuesday wednesday thursday friday morning evening week month quarter year today tomorrow"
            + " slow fast large small new old first last next previous important urgent minor major critical"
            + " should must could would will can need want check verify update remove add create delete move")
            .split(" ");

    /** Vocabulary of titles: short technical noun phrases. */
    static final String[] TITLE_WORDS = ("kubernetes postgres deployment replication migration incident review"
            + " notes checklist runbook design decision meeting summary backup restore latency regression cache"
            + " invalidation api gateway billing webhook integration onboarding release plan retrospective"
            + " security audit certificate rotation database index tuning search ranking embedding prompt agent"
            + " memory consolidation quota limits oncall handoff outage postmortem feature flag rollout canary"
            + " docker build pipeline test flaky failure upgrade dependency vacuum partition sharding failover"
            + " customer escalation pricing experiment dashboard alerting metrics tracing profiling heap leak")
            .split(" ");

    /** Tag vocabulary; earlier tags are picked more often. */
    static final String[] TAGS = ("work project postgres kubernetes bug idea decision insight pattern heuristic"
            + " proven meeting todo research ops security billing api frontend backend infra release incident"
            + " personal reading learning design review customer performance").split(" ");

    static final int SENTENCES = 50_000;

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: Seed BASE_URL ADMIN_TOKEN JDBC_URL OUT_DIR [TOTAL] [MEASURED] [USERS]");
            System.exit(2);
        }
        String baseUrl = args[0];
        String adminToken = args[1];
        String jdbcUrl = args[2];
        Path outDir = Path.of(args[3]);
        int total = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
        int measured = args.length > 5 ? Integer.parseInt(args[5]) : 100_000;
        int users = args.length > 6 ? Integer.parseInt(args[6]) : 100;
        Path anchors = args.length > 7 ? Path.of(args[7]) : null;

        long t0 = System.nanoTime();
        List<String> userIds = createUsers(baseUrl, adminToken, users, outDir);
        long tUsers = System.nanoTime();
        System.out.printf("created %d users through the admin API in %.1f s%n", users, (tUsers - t0) / 1e9);
        List<float[]> anchorVectors = List.of();
        if (anchors != null) {
            anchorVectors = storeAnchors(baseUrl, Files.readString(outDir.resolve("key")).trim(), anchors, jdbcUrl,
                    userIds.get(0));
            System.out.printf("stored and embedded %d anchor memories for the measured user in %.1f s%n",
                    anchorVectors.size(), (System.nanoTime() - tUsers) / 1e9);
        }

        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            c.setAutoCommit(true);
            describe(c);
            prepare(c, userIds);
        }
        List<String[]> indexes = dropIndexes(jdbcUrl);
        long tInsert = System.nanoTime();
        insert(jdbcUrl, total, measured, users);
        long tIndex = System.nanoTime();
        System.out.printf("inserted %,d memories in %.1f s%n", total, (tIndex - tInsert) / 1e9);
        rebuildIndexes(jdbcUrl, indexes);
        long tVectors = System.nanoTime();
        System.out.printf("rebuilt %d indexes in %.1f s%n", indexes.size(), (tVectors - tIndex) / 1e9);
        if (anchors != null) {
            seedVectors(jdbcUrl, anchorVectors, userIds.get(0));
            System.out.printf("seeded vectors in %.1f s%n", (System.nanoTime() - tVectors) / 1e9);
        }
        long tAnalyze = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("UPDATE quotas q SET memories_count = a.n, storage_bytes = a.b"
                    + " FROM (SELECT user_id, count(*) AS n, sum(size_bytes) AS b FROM memories GROUP BY user_id) a"
                    + " WHERE q.user_id = a.user_id");
            s.execute("DROP TABLE bench_sentences");
            s.execute("DROP TABLE bench_users");
            s.execute("VACUUM ANALYZE memories");
            s.execute("VACUUM ANALYZE memory_search");
            s.execute("ANALYZE");
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT user_id),"
                    + " pg_size_pretty(pg_total_relation_size('memories')),"
                    + " (SELECT count(*) FROM memories WHERE user_id = '" + userIds.get(0) + "')"
                    + " FROM memories")) {
                rs.next();
                System.out.printf("memories: %,d rows, %d users, %s with indexes; measured user has %,d%n",
                        rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4));
            }
        }
        long tEnd = System.nanoTime();
        System.out.printf("vacuum/analyze in %.1f s%n", (tEnd - tAnalyze) / 1e9);
        System.out.printf("SEED_SECONDS total=%.1f insert=%.1f indexes=%.1f vectors=%.1f analyze=%.1f%n",
                (tEnd - t0) / 1e9, (tIndex - tInsert) / 1e9, (tVectors - tIndex) / 1e9, (tAnalyze - tVectors) / 1e9,
                (tEnd - tAnalyze) / 1e9);
    }

    static List<String> createUsers(String baseUrl, String adminToken, int users, Path outDir)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Pattern idPattern = Pattern.compile("\"user\"\\s*:\\s*\\{[^}]*?\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
        Pattern keyPattern = Pattern.compile("\"key\"\\s*:\\s*\"(wm_[A-Za-z]+_[A-Za-z0-9]{32})\"");
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String email = String.format("bench-%s-%03d@bench.invalid", run, i);
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/admin/users"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"" + email + "\",\"plan_tier\":\"enterprise\"}"))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /api/v1/admin/users answered " + response.statusCode() + ": "
                        + response.body());
            }
            Matcher id = idPattern.matcher(response.body());
            Matcher key = keyPattern.matcher(response.body());
            if (!id.find() || !key.find()) {
                throw new IllegalStateException("no user id or key in " + response.body().replaceAll(
                        "wm_[A-Za-z]+_[A-Za-z0-9]{32}", "wm_…"));
            }
            ids.add(id.group(1));
            if (i == 0) {
                Files.writeString(outDir.resolve("key"), key.group(1));
                Files.writeString(outDir.resolve("user_id"), id.group(1));
            }
        }
        return ids;
    }

    /** Vectors in the pool the synthetic embeddings are drawn from. */
    static final int POOL = 8192;

    /** Words in a chunk, as the server splits a memory's text. */
    static final int CHUNK_WORDS = 120;

    static final int DIMENSIONS = 384;

    /**
     * The measured user stores the anchor memories through the API; once the server has embedded them (its
     * {@code embeddings_pending} is 0), their vectors are read back.
     */
    static List<float[]> storeAnchors(String baseUrl, String key, Path tsv, String jdbcUrl, String userId)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            StringBuilder tags = new StringBuilder();
            for (String tag : f[2].split(",")) {
                if (!tag.isBlank()) {
                    tags.append(tags.length() == 0 ? "" : ",").append(json(tag.trim()));
                }
            }
            String body = "{\"title\":" + json(f[1]) + ",\"content\":" + json(f[3]) + ",\"tags\":[" + tags + "]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/memories"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /api/v1/memories answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
        Pattern pending = Pattern.compile("\"embeddings_pending\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/stats"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = pending.matcher(stats.body());
            if (stats.statusCode() == 200 && m.find() && m.group(1).equals("0")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the anchors were not embedded within 3 minutes: " + stats.body());
            }
            Thread.sleep(200);
        }
        List<float[]> vectors = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement p = c.prepareStatement(
                     "SELECT vector FROM memory_embeddings WHERE user_id = CAST(? AS uuid) AND chunk = 0")) {
            p.setString(1, userId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ByteBuffer bytes = ByteBuffer.wrap(rs.getBytes(1)).order(ByteOrder.LITTLE_ENDIAN);
                    float[] v = new float[DIMENSIONS];
                    for (int i = 0; i < DIMENSIONS; i++) {
                        v[i] = bytes.getFloat();
                    }
                    vectors.add(v);
                }
            }
        }
        if (vectors.size() != lines.size() - 1) {
            throw new IllegalStateException("expected " + (lines.size() - 1) + " anchor vectors, found " + vectors.size());
        }
        return vectors;
    }

    /**
     * Synthetic vectors for every seeded memory (those without any), from a pool of {@link #POOL}: a memory's
     * first chunk takes pool vector hash(id) mod POOL, a second chunk (content longer than {@link #CHUNK_WORDS}
     * words) the next one. The index on (user_id, written_at) is dropped for the load and built again.
     */
    static void seedVectors(String jdbcUrl, List<float[]> anchors, String measuredUser) throws Exception {
        Random random = new Random(20261207);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_vectors");
                s.execute("CREATE UNLOGGED TABLE bench_vectors (n int PRIMARY KEY, v bytea NOT NULL)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bench_vectors VALUES (?, ?)")) {
                for (int n = 0; n < POOL; n++) {
                    float[] noise = unit(gaussian(random));
                    float[] v;
                    if (n % 2 == 0) {
                        v = noise;
                    } else {
                        float[] anchor = anchors.get((n / 2) % anchors.size());
                        double sigma = 1 + 3 * random.nextDouble();
                        v = new float[DIMENSIONS];
                        for (int i = 0; i < DIMENSIONS; i++) {
                            v[i] = (float) (anchor[i] + sigma * noise[i]);
                        }
                        v = unit(v);
                    }
                    ByteBuffer bytes = ByteBuffer.allocate(DIMENSIONS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    for (float x : v) {
                        bytes.putFloat(x);
                    }
                    p.setInt(1, n);
                    p.setBytes(2, bytes.array());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE bench_vectors");
                s.execute("DROP INDEX IF EXISTS ix_memory_embeddings_user_written");
            }
        }
        String sql = "INSERT INTO memory_embeddings (memory_id, chunk, user_id, text_sha256, snippet, vector)"
                + " SELECT m.id, k.chunk, m.user_id, sha256(convert_to(m.id::text || k.chunk, 'UTF8')),"
                + "  left(m.title || ': ' || m.content, 160), v.v"
                + " FROM memories m"
                + " CROSS JOIN LATERAL (SELECT 0 AS chunk UNION ALL SELECT 1"
                + "   WHERE array_length(regexp_split_to_array(m.content, '\\s+'), 1) > " + CHUNK_WORDS + ") k"
                + " JOIN bench_vectors v ON v.n = ((hashtext(m.id::text) & 2147483647) + k.chunk) % " + POOL
                + " WHERE (hashtext(m.id::text) & 7) = ?"
                + " AND NOT EXISTS (SELECT 1 FROM memory_embeddings e WHERE e.memory_id = m.id)";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int part = 0; part < 8; part++) {
            int slice = part;
            done.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("SET synchronous_commit = off");
                        // the foreign key's check per row: every memory_id comes from memories itself
                        s.execute("SET session_replication_role = replica");
                    }
                    try (PreparedStatement p = c.prepareStatement(sql)) {
                        p.setInt(1, slice);
                        long t = System.nanoTime();
                        int n = p.executeUpdate();
                        System.out.printf("  vectors, part %d of 8: %,d in %.1f s%n", slice + 1, n,
                                (System.nanoTime() - t) / 1e9);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '512MB'");
            long t = System.nanoTime();
            s.execute("CREATE INDEX ix_memory_embeddings_user_written ON memory_embeddings (user_id, written_at)");
            System.out.printf("  ix_memory_embeddings_user_written in %.1f s%n", (System.nanoTime() - t) / 1e9);
            s.execute("DROP TABLE bench_vectors");
            s.execute("VACUUM ANALYZE memory_embeddings");
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE user_id = '" + measuredUser
                    + "'), pg_size_pretty(pg_total_relation_size('memory_embeddings')) FROM memory_embeddings")) {
                rs.next();
                System.out.printf("vectors: %,d chunks, %,d of them the measured user's, %s with indexes%n",
                        rs.getLong(1), rs.getLong(2), rs.getString(3));
            }
        }
    }

    static float[] gaussian(Random random) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float norm = (float) Math.sqrt(sum);
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / norm;
        }
        return u;
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** What psql's \d memories would show: columns, indexes, constraints. */
    static void describe(Connection c) throws SQLException {
        System.out.println("-- memories as the server created it:");
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name, data_type, is_nullable, column_default,"
                     + " generation_expression FROM information_schema.columns WHERE table_name = 'memories'"
                     + " ORDER BY ordinal_position")) {
            while (rs.next()) {
                System.out.printf("   %-14s %-26s null=%-3s default=%s%s%n", rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4),
                        rs.getString(5) == null ? "" : " generated");
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = 'memories'"
                     + " UNION ALL SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint"
                     + " WHERE conrelid = 'memories'::regclass AND contype = 'c'")) {
            while (rs.next()) {
                System.out.println("   " + rs.getString(1));
            }
        }
    }

    /** Helper tables: the user numbering and a pool of random sentences that contents are assembled from. */
    static void prepare(Connection c, List<String> userIds) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_users");
            s.execute("DROP TABLE IF EXISTS bench_sentences");
            s.execute("CREATE UNLOGGED TABLE bench_users (n int PRIMARY KEY, id uuid NOT NULL)");
            s.execute("CREATE UNLOGGED TABLE bench_sentences (n int PRIMARY KEY, s text NOT NULL)");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO bench_users VALUES (?, CAST(? AS uuid))")) {
            for (int i = 0; i < userIds.size(); i++) {
                p.setInt(1, i);
                p.setString(2, userIds.get(i));
                p.addBatch();
            }
            p.executeBatch();
        }
        // 50,000 sentences of 6-17 words, skewed towards the first words of the vocabulary.
        try (PreparedStatement p = c.prepareStatement("INSERT INTO bench_sentences (n, s)"
                + " SELECT g, upper(left(x.t, 1)) || substr(x.t, 2) || '.'"
                + " FROM generate_series(0, ? - 1) g,"
                + " LATERAL (SELECT string_agg(w[1 + floor(pow(random(), 2) * cardinality(w))::int], ' ') AS t"
                + "          FROM generate_series(1, 6 + (g * 7) % 12) i, (SELECT CAST(? AS text[]) AS w) v) x")) {
            p.setInt(1, SENTENCES);
            p.setArray(2, c.createArrayOf("text", WORDS));
            p.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE bench_users");
            s.execute("ANALYZE bench_sentences");
        }
    }

    static List<String[]> dropIndexes(String jdbcUrl) throws SQLException {
        List<String[]> indexes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT i.indexname, i.indexdef FROM pg_indexes i"
                    + " WHERE i.tablename IN ('memories', 'memory_search') AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                    + " WHERE k.conname = i.indexname)")) {
                while (rs.next()) {
                    indexes.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] index : indexes) {
                s.execute("DROP INDEX " + index[0]);
            }
        }
        System.out.println("dropped for the bulk load (rebuilt verbatim afterwards): "
                + indexes.stream().map(i -> i[0]).toList());
        return indexes;
    }

    static void rebuildIndexes(String jdbcUrl, List<String[]> indexes) throws Exception {
        // Two at a time: one per core.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (String[] index : indexes) {
            done.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                     Statement s = c.createStatement()) {
                    s.execute("SET maintenance_work_mem = '512MB'");
                    s.execute("SET max_parallel_maintenance_workers = 0");
                    long t = System.nanoTime();
                    s.execute(index[1]);
                    System.out.printf("  %s in %.1f s%n", index[0], (System.nanoTime() - t) / 1e9);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /**
     * The memories, in chunks of 50,000 rows over two connections. Row g (1-based) belongs to the measured user
     * (bench_users.n = 0) when g <= measured, else to user 1 + g % (users - 1).
     */
    static void insert(String jdbcUrl, int total, int measured, int users) throws Exception {
        // embedded_version = updated_at: the seeded memories count as embedded (they have no vectors), so the
        // server's embedding worker does not spend the benchmark embedding a million of them.
        String sql = "INSERT INTO memories (id, user_id, title, content, type, tags, status, created_at, updated_at,"
                + " accessed_at, archived_at, original_type, size_bytes, embedded_version)"
                + " SELECT gen_random_uuid(), r.user_id, r.title, r.content, r.type, r.tags, r.status, r.created_at,"
                + "  r.updated_at, r.accessed_at,"
                + "  CASE WHEN r.status = 'archived' THEN r.updated_at END,"
                + "  CASE WHEN r.status = 'archived' THEN r.type END,"
                + "  octet_length(r.title) + octet_length(r.content) + octet_length(array_to_string(r.tags, '')),"
                + "  r.updated_at"
                + " FROM ("
                + "  SELECT u.id AS user_id,"
                + "   (SELECT upper(left(t, 1)) || substr(t, 2) FROM (SELECT string_agg("
                + "      tw[1 + floor(pow(random(), 1.5) * cardinality(tw))::int + 0 * i], ' ') AS t"
                + "      FROM generate_series(1, 2 + (g * 7) % 5) i) x) AS title,"
                + "   (SELECT string_agg((SELECT s.s FROM bench_sentences s WHERE s.n = x.r), ' ' ORDER BY x.i)"
                + "      FROM (SELECT i, floor(random() * " + SENTENCES + ")::int AS r"
                + "      FROM generate_series(1, 2 + (g * 13) % 9) i OFFSET 0) x) AS content,"
                + "   CASE WHEN g % 10 < 7 THEN 'short_term' ELSE 'long_term' END AS type,"
                + "   (SELECT coalesce(array_agg(DISTINCT tg[1 + floor(pow(random(), 2) * cardinality(tg))::int + 0 * i]),"
                + "      '{}') FROM generate_series(1, (g * 11) % 6) i) AS tags,"
                + "   CASE WHEN g % 20 = 0 THEN 'archived' ELSE 'active' END AS status,"
                + "   c.created_at,"
                + "   least(now(), c.created_at + random() * interval '10 days') AS updated_at,"
                + "   CASE WHEN g % 3 = 0 THEN least(now(), c.created_at + random() * interval '30 days') END"
                + "    AS accessed_at"
                + "  FROM generate_series(?, ?) g"
                + "  CROSS JOIN LATERAL (SELECT now() - random() * interval '365 days' + g * interval '0' AS created_at) c"
                + "  JOIN bench_users u ON u.n = CASE WHEN g <= ? THEN 0 ELSE 1 + g % (? - 1) END"
                + "  , (SELECT CAST(? AS text[]) AS tw, CAST(? AS text[]) AS tg) v"
                + "  OFFSET 0"
                + " ) r";
        int chunk = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int lo = 1; lo <= total; lo += chunk) {
            int from = lo;
            int to = Math.min(total, lo + chunk - 1);
            done.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("SET synchronous_commit = off");
                    }
                    try (PreparedStatement p = c.prepareStatement(sql)) {
                        p.setInt(1, from);
                        p.setInt(2, to);
                        p.setInt(3, measured);
                        p.setInt(4, users);
                        p.setArray(5, c.createArrayOf("text", TITLE_WORDS));
                        p.setArray(6, c.createArrayOf("text", TAGS));
                        long t = System.nanoTime();
                        int n = p.executeUpdate();
                        System.out.printf("  rows %,d-%,d: %,d in %.1f s%n", from, to, n, (System.nanoTime() - t) / 1e9);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }
}
