import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Search quality on the labelled set of bench/semantic (single-file program, JDK only):
 *
 * <pre>java bench/SemanticQuality.java BASE_URL ADMIN_TOKEN SET_DIR OUT_MD</pre>
 *
 * SET_DIR holds memories.tsv ({@code id, title, tags, content}), queries.tsv ({@code query, target}: paraphrases
 * that share no content word with their target, which this program checks) and unrelated.tsv ({@code query}:
 * subjects the set never mentions). It creates a user through the admin API, stores the memories, waits until they
 * are embedded, then asks every query in each mode (top 10) and reports recall@5 and MRR@10. For the minimum
 * similarity it also reports, per threshold, the semantic recall@5 and the share of unrelated queries that still
 * find something: run it against a server with {@code WM_SEARCH_MIN_SIMILARITY=-1} to see the whole curve.
 */
public class SemanticQuality {

    /** Words a paraphrase may share with its target: they carry no content. */
    static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "is", "are", "was", "were", "be", "been", "am",
            "do", "does", "did", "i", "me", "my", "we", "our", "us", "you", "your", "he", "she", "it", "its", "they",
            "them", "their", "his", "her", "what", "when", "where", "who", "whom", "which", "why", "how", "of", "to",
            "in", "on", "at", "for", "with", "by", "from", "about", "and", "or", "not", "no", "that", "this", "these",
            "those", "there", "any", "some", "should", "would", "could", "can", "will", "have", "has", "had", "again",
            "ever", "much", "many", "get", "got");
    static final List<String> SUFFIXES = List.of("s", "es", "ed", "ing", "er", "ly", "'s");

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    static final Pattern SCORE = Pattern.compile("\"score\"\\s*:\\s*(-?[0-9.eE+-]+)");
    static final Pattern PENDING = Pattern.compile("\"embeddings_pending\"\\s*:\\s*([0-9]+)");
    static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    static final double[] THRESHOLDS = {0.10, 0.15, 0.18, 0.20, 0.21, 0.22, 0.23, 0.24, 0.25, 0.30, 0.35, 0.40};

    record Memory(String id, String title, List<String> tags, String content) {
    }

    record Query(String text, String target) {
    }

    record Hit(String memoryId, double score) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SemanticQuality BASE_URL ADMIN_TOKEN SET_DIR OUT_MD");
            System.exit(2);
        }
        String base = args[0];
        Path set = Path.of(args[2]);
        List<Memory> memories = new ArrayList<>();
        for (String[] row : rows(set.resolve("memories.tsv"), 4)) {
            memories.add(new Memory(row[0], row[1], row[2].isBlank() ? List.of() : List.of(row[2].split(",")),
                    row[3]));
        }
        Map<String, Memory> byId = new HashMap<>();
        memories.forEach(m -> byId.put(m.id(), m));
        List<Query> queries = new ArrayList<>();
        for (String[] row : rows(set.resolve("queries.tsv"), 2)) {
            queries.add(new Query(row[0], row[1]));
        }
        List<String> unrelated = new ArrayList<>();
        for (String[] row : rows(set.resolve("unrelated.tsv"), 1)) {
            unrelated.add(row[0]);
        }
        for (Query query : queries) {
            Memory target = byId.get(query.target());
            if (target == null) {
                throw new IllegalStateException("unknown target " + query.target());
            }
            Set<String> shared = shared(query.text(), target.title() + " " + String.join(" ", target.tags()) + " "
                    + target.content());
            if (!shared.isEmpty()) {
                throw new IllegalStateException("query '" + query.text() + "' shares " + shared + " with its target");
            }
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String created = send(http, base + "/api/v1/admin/users", "Bearer " + args[1],
                "{\"email\":\"quality-" + System.nanoTime() + "@example.com\",\"plan_tier\":\"enterprise\"}", 201);
        Matcher keyMatch = KEY.matcher(created);
        if (!keyMatch.find()) {
            throw new IllegalStateException("no key in " + created);
        }
        String auth = "Bearer " + keyMatch.group(1);
        Map<String, String> setIdOf = new HashMap<>();
        for (Memory memory : memories) {
            StringBuilder tags = new StringBuilder();
            for (String tag : memory.tags()) {
                tags.append(tags.length() == 0 ? "" : ",").append(json(tag));
            }
            String answer = send(http, base + "/api/v1/memories", auth, "{\"title\":" + json(memory.title())
                    + ",\"content\":" + json(memory.content()) + ",\"tags\":[" + tags + "]}", 201);
            Matcher id = ID.matcher(answer);
            id.find();
            setIdOf.put(id.group(1), memory.id());
        }
        long started = System.nanoTime();
        while (true) {
            Matcher pending = PENDING.matcher(get(http, base + "/api/v1/stats", auth));
            pending.find();
            if (Long.parseLong(pending.group(1)) == 0) {
                break;
            }
            if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("memories still not embedded after 10 minutes");
            }
            Thread.sleep(200);
        }
        double embedSeconds = (System.nanoTime() - started) / 1e9;

        Map<String, double[]> results = new LinkedHashMap<>();
        Map<String, List<Hit>> semanticHits = new HashMap<>();
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            double found = 0;
            double reciprocal = 0;
            for (Query query : queries) {
                List<Hit> hits = search(http, base, auth, query.text(), mode, setIdOf);
                if (mode.equals("semantic")) {
                    semanticHits.put(query.text(), hits);
                }
                int rank = rank(hits, query.target());
                found += rank > 0 && rank <= 5 ? 1 : 0;
                reciprocal += rank > 0 ? 1.0 / rank : 0;
                System.out.printf("%-8s rank %-3s %s%n", mode, rank > 0 ? Integer.toString(rank) : "-", query.text());
            }
            results.put(mode, new double[] {found / queries.size(), reciprocal / queries.size()});
        }
        Map<String, List<Hit>> unrelatedHits = new HashMap<>();
        for (String text : unrelated) {
            List<Hit> hits = search(http, base, auth, text, "semantic", setIdOf);
            unrelatedHits.put(text, hits);
            System.out.printf(Locale.ROOT, "unrelated best %.3f %s %s%n", hits.isEmpty() ? Double.NaN
                    : hits.get(0).score(), hits.isEmpty() ? "-" : hits.get(0).memoryId(), text);
        }

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d memories, %d paraphrase queries (no content word shared with the"
                + " target), %d unrelated queries; the memories were embedded %.1f s after the last was stored.%n%n",
                memories.size(), queries.size(), unrelated.size(), embedSeconds));
        md.append("| mode | recall@5 | MRR@10 |\n|---|---:|---:|\n");
        results.forEach((mode, r) -> md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", mode, r[0], r[1])));
        md.append("\n| min similarity | semantic recall@5 | unrelated queries that find something |\n|---:|---:|---:|\n");
        for (double threshold : THRESHOLDS) {
            double found = 0;
            for (Query query : queries) {
                List<Hit> above = semanticHits.get(query.text()).stream().filter(h -> h.score() >= threshold).toList();
                int rank = rank(above, query.target());
                found += rank > 0 && rank <= 5 ? 1 : 0;
            }
            long noisy = unrelatedHits.values().stream()
                    .filter(hits -> hits.stream().anyMatch(h -> h.score() >= threshold)).count();
            md.append(String.format(Locale.ROOT, "| %.2f | %.2f | %d of %d |%n", threshold, found / queries.size(),
                    noisy, unrelated.size()));
        }
        Files.writeString(Path.of(args[3]), md);
        System.out.print(md);
        for (Map.Entry<String, double[]> result : results.entrySet()) {
            System.out.printf(Locale.ROOT, "RESULT %s recall@5=%.3f mrr=%.3f%n", result.getKey(),
                    result.getValue()[0], result.getValue()[1]);
        }
    }

    static List<Hit> search(HttpClient http, String base, String auth, String text, String mode,
                            Map<String, String> setIdOf) throws Exception {
        String answer = send(http, base + "/api/v1/search", auth, "{\"query\":" + json(text) + ",\"mode\":\"" + mode
                + "\",\"limit\":10}", 200);
        List<Hit> hits = new ArrayList<>();
        Matcher ids = ID.matcher(answer);
        Matcher scores = SCORE.matcher(answer);
        while (ids.find() && scores.find()) {
            hits.add(new Hit(setIdOf.getOrDefault(ids.group(1), "?"), Double.parseDouble(scores.group(1))));
        }
        return hits;
    }

    static int rank(List<Hit> hits, String target) {
        for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i).memoryId().equals(target)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The content words of {@code query} that {@code text} has too, or that differ from one of its words by a suffix. */
    static Set<String> shared(String query, String text) {
        Set<String> words = words(text);
        Set<String> shared = new HashSet<>();
        for (String word : words(query)) {
            for (String other : words) {
                if (word.equals(other) || SUFFIXES.stream().anyMatch(s -> word.equals(other + s) || other.equals(word + s))) {
                    shared.add(word);
                }
            }
        }
        return shared;
    }

    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !FUNCTION_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    static List<String[]> rows(Path file, int columns) throws Exception {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] row = line.split("\t", -1);
            if (row.length != columns) {
                throw new IllegalStateException(file + ": expected " + columns + " columns: " + line);
            }
            rows.add(row);
        }
        return rows;
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    static String send(HttpClient http, String url, String auth, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String get(HttpClient http, String url, String auth) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
