import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the search SQL (single-file program, JDBC driver from the server jar):
 *
 * <pre>java -cp dist/target/whitemagic-server.jar bench/Explain.java JDBC_URL USER_ID OUT_MD SPEC...</pre>
 *
 * SPEC is {@code label|mode|text|tag,tag} with mode {@code fulltext}, {@code trigram} or {@code newest}.
 * pg_stat_statements is used when the server preloads it (its mean times of the memories statements are printed);
 * the statements explained are the ones MemoryRepository builds (persistence/.../memory/MemoryRepository.java,
 * ranked() and newest()), with the parameters bound as Hibernate binds them (status 'active', limit 20 + 1,
 * offset 0, the newest 500 candidates; the search's transaction sets work_mem 16MB and custom plans, as
 * here), so PostgreSQL plans them exactly as it plans the application's statements with those values.
 */
public class Explain {

    /** MemoryRepository.RANKED_CANDIDATES. */
    static final int RANKED_CANDIDATES = 500;

    static final String HEADLINE_OPTIONS = "StartSel=<<,StopSel=>>,MaxFragments=2,MinWords=5,MaxWords=30";

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
        String jdbcUrl = args[0];
        UUID userId = UUID.fromString(args[1]);
        Path out = Path.of(args[2]);
        StringBuilder md = new StringBuilder();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("SET work_mem = '16MB'");
            }
            statStatements(c, md);
            for (int i = 3; i < args.length; i++) {
                String[] spec = args[i].split("\\|", -1);
                explain(c, md, spec[0], spec[1], spec[2], spec.length > 3 && !spec[3].isEmpty()
                        ? List.of(spec[3].split(",")) : List.of(), userId);
            }
        }
        System.out.print(md);
        Files.writeString(out, md.toString());
    }

    static void statStatements(Connection c, StringBuilder md) {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            try (ResultSet rs = s.executeQuery("SELECT calls, round(mean_exec_time::numeric, 1), left(query, 160)"
                    + " FROM pg_stat_statements WHERE query ILIKE '%from memories%' ORDER BY total_exec_time DESC"
                    + " LIMIT 8")) {
                md.append("pg_stat_statements (top statements on memories by total time):\n\n```\n");
                while (rs.next()) {
                    md.append(String.format("calls=%d mean=%s ms  %s%n", rs.getLong(1), rs.getString(2),
                            rs.getString(3).replaceAll("\\s+", " ")));
                }
                md.append("```\n\n");
            }
        } catch (SQLException e) {
            md.append("pg_stat_statements is not available on this server (").append(e.getMessage().split("\n")[0])
                    .append("): the SQL below is MemoryRepository's, reproduced.\n\n");
        }
    }

    static void explain(Connection c, StringBuilder md, String label, String mode, String text, List<String> tags,
                        UUID userId) throws SQLException {
        StringBuilder tagSql = new StringBuilder();
        if (!tags.isEmpty()) {
            tagSql.append(" AND m.tags @> CAST(ARRAY[");
            for (int i = 0; i < tags.size(); i++) {
                tagSql.append(i == 0 ? "?" : ", ?");
            }
            tagSql.append("] AS text[])");
        }
        String sql;
        String note = "";
        List<Object> params = new ArrayList<>();
        switch (mode) {
            case "fulltext" -> {
                sql = "WITH candidates AS MATERIALIZED (SELECT m.id, m.created_at, m.tsv FROM memory_search m"
                        + " WHERE m.user_id = ? AND m.status = ?" + tagSql
                        + " AND m.tsv @@ websearch_to_tsquery('english', ?)"
                        + " ORDER BY m.created_at DESC, m.id DESC LIMIT ?),"
                        + " page AS (SELECT c.id, c.created_at,"
                        + " ts_rank_cd(c.tsv, websearch_to_tsquery('english', ?)) AS score FROM candidates c"
                        + " ORDER BY score DESC, c.created_at DESC, c.id DESC LIMIT ? OFFSET ?)"
                        + " SELECT p.id, CAST(p.score AS double precision) AS score,"
                        + " ts_headline('english', left(m.content, 5000), websearch_to_tsquery('english', ?), ?)"
                        + " AS snippet FROM page p JOIN memories m ON m.id = p.id"
                        + " ORDER BY p.score DESC, p.created_at DESC, p.id DESC";
                params.add(userId);
                params.add("active");
                params.addAll(tags);
                params.add(text);
                params.add(RANKED_CANDIDATES);
                params.add(text);
                params.add(21);
                params.add(0);
                params.add(text);
                params.add(HEADLINE_OPTIONS);
            }
            case "trigram" -> {
                String words = titleWords(c, userId, text);
                note = "Close title words (MemoryRepository.TITLE_WORDS): `" + words + "`.\n\n";
                sql = "WITH candidates AS MATERIALIZED (SELECT m.id, m.created_at, m.title FROM memory_search m"
                        + " WHERE m.user_id = ? AND m.status = ?" + tagSql
                        + " AND to_tsvector('simple', m.title) @@ CAST(? AS tsquery)"
                        + " AND ? <% m.title ORDER BY m.created_at DESC, m.id DESC LIMIT ?)"
                        + " SELECT c.id, CAST(word_similarity(?, c.title) AS double precision) AS score,"
                        + " c.title AS snippet FROM candidates c"
                        + " ORDER BY score DESC, c.created_at DESC, c.id DESC LIMIT ? OFFSET ?";
                params.add(userId);
                params.add("active");
                params.addAll(tags);
                params.add(words);
                params.add(text);
                params.add(RANKED_CANDIDATES);
                params.add(text);
                params.add(21);
                params.add(0);
            }
            case "newest" -> {
                sql = "SELECT m.id, m.user_id, m.title, m.content, m.type, m.tags, m.status, m.created_at,"
                        + " m.updated_at, m.accessed_at, m.archived_at, m.original_type, m.size_bytes"
                        + " FROM memories m WHERE m.user_id = ? AND m.status = ?" + tagSql
                        + " ORDER BY m.created_at DESC, m.id DESC LIMIT ?";
                params.add(userId);
                params.add("active");
                params.addAll(tags);
                params.add(21);
            }
            default -> throw new IllegalArgumentException("mode " + mode);
        }
        md.append("### ").append(label).append("\n\n");
        md.append(note);
        md.append("Parameters: text `").append(text).append("`, tags ").append(tags)
                .append(", status `active`, limit 21, offset 0.\n\n```sql\n").append(sql).append("\n```\n\n```\n");
        try (PreparedStatement p = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            for (int i = 0; i < params.size(); i++) {
                p.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    md.append(rs.getString(1)).append('\n');
                }
            }
        }
        md.append("```\n\n");
    }

    /** The typo fallback's first statement (MemoryRepository.TITLE_WORDS): the query's words corrected. */
    static String titleWords(Connection c, UUID userId, String text) throws SQLException {
        String sql = "WITH asked AS ("
                + " SELECT w, to_tsvector('english', w) = CAST('' AS tsvector) AS stop"
                + " FROM unnest(tsvector_to_array(to_tsvector('simple', ?))) w),"
                + " close AS (SELECT a.w, a.stop, v.word,"
                + "  row_number() OVER (PARTITION BY a.w"
                + "   ORDER BY word_similarity(a.w, v.word) DESC, similarity(v.word, a.w) DESC, v.word) AS place"
                + "  FROM asked a JOIN memory_title_words v ON v.user_id = ? AND (v.word % a.w OR v.word %> a.w)),"
                + " groups AS (SELECT c.w, bool_and(c.stop) AS stop, '(' || string_agg(chr(39)"
                + "  || replace(replace(c.word, chr(92), repeat(chr(92), 2)), chr(39), repeat(chr(39), 2)) || chr(39),"
                + "  ' | ' ORDER BY c.word) || ')' AS alternatives FROM close c WHERE c.place <= 16 GROUP BY c.w)"
                + " SELECT CASE WHEN sum(cardinality(show_trgm(g.w))) >= 0.6 * cardinality(show_trgm(?))"
                + " THEN string_agg(g.alternatives, ' & ') FILTER (WHERE NOT g.stop OR (SELECT bool_and(stop) FROM asked))"
                + " END FROM groups g";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, text);
            p.setObject(2, userId);
            p.setString(3, text);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
