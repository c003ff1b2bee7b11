import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sequential search latency client (single-file program, JDK only):
 *
 * <pre>java bench/Latency.java BASE_URL KEY_FILE QUERIES_FILE OUT_MD [REQUESTS=200] [RUNS=3] [WARMUP=20]
 *      [MAX_SECONDS_PER_RUN=300]</pre>
 *
 * QUERIES_FILE: one query a line, {@code name<TAB>JSON body of POST /api/v1/search}. For each run (the outer loop, so
 * the runs of one query are spread over the whole measurement) and each query: WARMUP requests that are not timed,
 * then REQUESTS sequential requests over one keep-alive connection, each timed from send to the last body byte.
 * A run stops early after MAX_SECONDS_PER_RUN (then it has fewer requests, and the table says so).
 * Prints, and writes to OUT_MD, a Markdown table: p50 and p95 as the median of the runs with min–max, the number of
 * non-200 answers over all runs, and the number of items the first answer returned.
 */
public class Latency {

    record Query(String name, String body) {
    }

    record Run(double p50, double p95, int requests, int errors) {
    }

    static final Pattern ITEM = Pattern.compile("\"score\"\\s*:");

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
            System.err.println("usage: Latency BASE_URL KEY_FILE QUERIES_FILE OUT_MD [REQUESTS] [RUNS] [WARMUP]"
                    + " [MAX_SECONDS_PER_RUN]");
            System.exit(2);
        }
        String baseUrl = args[0];
        String key = Files.readString(Path.of(args[1])).trim();
        List<Query> queries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            queries.add(new Query(parts[0], parts[1]));
        }
        Path out = Path.of(args[3]);
        int requests = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 20;
        long maxNanos = (args.length > 7 ? Long.parseLong(args[7]) : 300) * 1_000_000_000L;

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(baseUrl + "/api/v1/search");

        int[] items = new int[queries.size()];
        for (int q = 0; q < queries.size(); q++) {
            HttpResponse<String> first = send(http, uri, key, queries.get(q).body());
            Matcher m = ITEM.matcher(first.body());
            int n = 0;
            while (m.find()) {
                n++;
            }
            items[q] = n;
            System.out.printf("%-14s %d, %d items: %s%n", queries.get(q).name(), first.statusCode(), n,
                    abbreviate(first.body(), 300));
        }

        List<List<Run>> results = new ArrayList<>();
        queries.forEach(q -> results.add(new ArrayList<>()));
        for (int r = 1; r <= runs; r++) {
            for (int q = 0; q < queries.size(); q++) {
                Query query = queries.get(q);
                for (int i = 0; i < warmup; i++) {
                    send(http, uri, key, query.body());
                }
                double[] millis = new double[requests];
                int done = 0;
                int errors = 0;
                long start = System.nanoTime();
                while (done < requests && System.nanoTime() - start < maxNanos) {
                    long t = System.nanoTime();
                    HttpResponse<String> response = send(http, uri, key, query.body());
                    millis[done++] = (System.nanoTime() - t) / 1e6;
                    if (response.statusCode() != 200) {
                        errors++;
                    }
                }
                double[] sorted = Arrays.copyOf(millis, done);
                Arrays.sort(sorted);
                Run run = new Run(percentile(sorted, 50), percentile(sorted, 95), done, errors);
                results.get(q).add(run);
                System.out.printf("run %d %-14s n=%d p50=%.1f ms p95=%.1f ms non-200=%d (%.1f s)%n", r,
                        query.name(), done, run.p50(), run.p95(), errors, (System.nanoTime() - start) / 1e9);
            }
        }

        StringBuilder md = new StringBuilder();
        md.append("| query | request body | p50 ms: median (min–max) | p95 ms: median (min–max) | requests | non-200 | items |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (int q = 0; q < queries.size(); q++) {
            List<Run> rs = results.get(q);
            int total = rs.stream().mapToInt(Run::requests).sum();
            int errors = rs.stream().mapToInt(Run::errors).sum();
            String perRun = rs.stream().map(x -> Integer.toString(x.requests())).distinct().count() == 1
                    ? runs + " × " + rs.get(0).requests() : rs.stream().map(x -> Integer.toString(x.requests()))
                    .reduce((a, b) -> a + "+" + b).orElse("");
            md.append(String.format("| %s | `%s` | %s | %s | %s | %d | %d |%n", queries.get(q).name(),
                    queries.get(q).body().replace("|", "\\|"),
                    summary(rs.stream().mapToDouble(Run::p50).toArray()),
                    summary(rs.stream().mapToDouble(Run::p95).toArray()), perRun, errors, items[q]));
        }
        System.out.println();
        System.out.print(md);
        Files.writeString(out, md.toString());
    }

    static HttpResponse<String> send(HttpClient http, URI uri, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // Counted as a non-200 answer.
            return new Failed(request, e);
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static String summary(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format("%.1f (%.1f–%.1f)", median, v[0], v[v.length - 1]);
    }

    static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }

    /** A request that got no answer at all (connection refused, timeout): status 0. */
    record Failed(HttpRequest request, Exception cause) implements HttpResponse<String> {
        public int statusCode() { return 0; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true); }
        public String body() { return "request failed: " + cause; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return request.uri(); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
