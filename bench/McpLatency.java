import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the MCP envelope costs (single-file program, JDK only):
 *
 * <pre>java bench/McpLatency.java BASE_URL ADMIN_TOKEN MEMORIES_TSV [REQUESTS=300] [ROUNDS=3] [WARMUP=50]</pre>
 *
 * A new enterprise user stores the memories of MEMORIES_TSV (bench/semantic/memories.tsv) through the API and waits
 * until they are embedded. Then, per round, twins are sent in turn over one keep-alive connection, WARMUP pairs
 * untimed and REQUESTS pairs timed: a search through REST
 * ({@code POST /api/v1/search}, hybrid, 5 results) and the same through MCP ({@code tools/call recall}); a new
 * memory through REST ({@code POST /api/v1/memories}) and through MCP ({@code tools/call remember}). Prints one line
 * per round and request kind:
 *
 * <pre>ROUND r NAME p50=… p99=… non-ok=…</pre>
 */
public class McpLatency {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

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
        String base = args[0];
        String admin = args[1];
        List<String> lines = Files.readAllLines(Path.of(args[2]));
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 50;

        String created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"mcp-" + System.currentTimeMillis()
                        + "@bench.invalid\",\"plan_tier\":\"enterprise\"}")), 201);
        Matcher keyMatch = Pattern.compile("\"key\"\\s*:\\s*\"(wm_[A-Za-z]+_[A-Za-z0-9]{32})\"").matcher(created);
        if (!keyMatch.find()) {
            throw new IllegalStateException("no key in the admin API's answer");
        }
        String key = keyMatch.group(1);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            send(post(base + "/api/v1/memories", key, "{\"title\":" + json(f[1]) + ",\"content\":" + json(f[3])
                    + "}"), 201);
        }
        Pattern pending = Pattern.compile("\"embeddings_pending\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            Matcher m = pending.matcher(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/stats"))
                    .header("Authorization", "Bearer " + key).GET(), 200));
            if (m.find() && m.group(1).equals("0")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the memories were not embedded within 3 minutes");
            }
            Thread.sleep(200);
        }
        String query = "which dessert has my daughter requested for her upcoming party";
        String search = "{\"query\":" + json(query) + ",\"limit\":5}";
        String recall = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"recall\","
                + "\"arguments\":{\"query\":" + json(query) + ",\"limit\":5}}}";
        String memory = "{\"title\":\"Benchmark note\",\"content\":\"A short note written by the benchmark.\"}";
        String remember = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"remember\","
                + "\"arguments\":" + memory + "}}";
        for (int round = 1; round <= rounds; round++) {
            measure(round, requests, warmup,
                    new Kind("search REST", post(base + "/api/v1/search", key, search).build(), 200, null),
                    new Kind("recall MCP", mcp(base, key, recall).build(), 200, "\"isError\":false"));
            measure(round, requests, warmup,
                    new Kind("create REST", post(base + "/api/v1/memories", key, memory).build(), 201, null),
                    new Kind("remember MCP", mcp(base, key, remember).build(), 200, "\"isError\":false"));
        }
    }

    /** A request and what a good answer to it is. */
    record Kind(String name, HttpRequest request, int status, String mustContain) {
    }

    static HttpRequest.Builder post(String url, String key, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpRequest.Builder mcp(String base, String key, String body) {
        return post(base + "/mcp", key, body).header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25");
    }

    /**
     * Twins, one request of each in turn (so that whatever else the machine does weighs on both alike): WARMUP
     * pairs untimed, then REQUESTS pairs timed.
     */
    static void measure(int round, int requests, int warmup, Kind... kinds) throws Exception {
        double[][] millis = new double[kinds.length][requests];
        int[] bad = new int[kinds.length];
        for (int i = -warmup; i < requests; i++) {
            for (int k = 0; k < kinds.length; k++) {
                long t = System.nanoTime();
                HttpResponse<String> response = HTTP.send(kinds[k].request(), HttpResponse.BodyHandlers.ofString());
                double elapsed = (System.nanoTime() - t) / 1e6;
                if (i < 0) {
                    continue;
                }
                millis[k][i] = elapsed;
                if (response.statusCode() != kinds[k].status()
                        || kinds[k].mustContain() != null && !response.body().contains(kinds[k].mustContain())) {
                    bad[k]++;
                }
            }
        }
        for (int k = 0; k < kinds.length; k++) {
            Arrays.sort(millis[k]);
            System.out.printf("ROUND %d %s p50=%.3f p99=%.3f non-ok=%d%n", round, kinds[k].name(),
                    millis[k][requests / 2], millis[k][(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)],
                    bad[k]);
        }
    }

    static String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ", not " + expected);
        }
        return response.body();
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
}
