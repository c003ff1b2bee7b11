import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Embedding throughput of a running server (single-file program, JDK only):
 *
 * <pre>java bench/EmbedThroughput.java BASE_URL ADMIN_TOKEN MEMORIES_TSV [COUNT=3000] [CLIENTS=2]</pre>
 *
 * Creates an enterprise user, then COUNT memories through the API as fast as CLIENTS clients can (their texts are
 * those of MEMORIES_TSV, bench/semantic/memories.tsv, in turn, each with its number, so every one is new to the
 * server), and polls the user's {@code embeddings_pending} every 100 ms until the server's background worker has
 * embedded them all. The worker's count comes from {@code wm_embeddings_memories_total} at /metrics.
 * Prints one line:
 *
 * <pre>RESULT count=N create_s=S during_create=E after_create=A after_s=T throughput_after=X overall=Y</pre>
 *
 * where {@code throughput_after} (memories/s) is what the worker embeds once the writes have stopped (a core of its
 * own), and {@code overall} is COUNT over the time from the first write to the last memory embedded.
 */
public class EmbedThroughput {

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    static void run(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: EmbedThroughput BASE_URL ADMIN_TOKEN MEMORIES_TSV [COUNT] [CLIENTS]");
            System.exit(2);
        }
        String base = args[0];
        String admin = args[1];
        List<String> lines = Files.readAllLines(Path.of(args[2]));
        List<String[]> texts = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            texts.add(new String[] {f[1], f[3]});
        }
        int count = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 2;

        String created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"throughput-" + System.currentTimeMillis()
                        + "@bench.invalid\",\"plan_tier\":\"enterprise\"}")), 201);
        Matcher keyMatch = Pattern.compile("\"key\"\\s*:\\s*\"(wm_[A-Za-z]+_[A-Za-z0-9]{32})\"").matcher(created);
        if (!keyMatch.find()) {
            throw new IllegalStateException("no key in the admin API's answer");
        }
        String key = keyMatch.group(1);

        long embeddedBefore = embedded(base);
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String[] text = texts.get(i % texts.size());
                    String body = "{\"title\":" + json(text[0] + " (" + i + ")") + ",\"content\":"
                            + json(text[1] + " Noted as item " + i + ".") + "}";
                    send(HttpRequest.newBuilder(URI.create(base + "/api/v1/memories"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)), 201);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        long tCreated = System.nanoTime();
        long embeddedAtCreated = embedded(base);
        Pattern pending = Pattern.compile("\"embeddings_pending\"\\s*:\\s*(\\d+)");
        long deadline = tCreated + Duration.ofMinutes(10).toNanos();
        while (true) {
            Matcher m = pending.matcher(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/stats"))
                    .header("Authorization", "Bearer " + key).GET(), 200));
            if (!m.find()) {
                throw new IllegalStateException("no embeddings_pending in GET /api/v1/stats");
            }
            if (m.group(1).equals("0")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(m.group(1) + " memories still waiting after 10 minutes");
            }
            Thread.sleep(100);
        }
        long tDone = System.nanoTime();
        long embeddedAfter = embedded(base);
        long during = embeddedAtCreated - embeddedBefore;
        long after = embeddedAfter - embeddedAtCreated;
        double createSeconds = (tCreated - t0) / 1e9;
        double afterSeconds = (tDone - tCreated) / 1e9;
        System.out.printf("RESULT count=%d create_s=%.2f during_create=%d after_create=%d after_s=%.2f"
                        + " throughput_after=%.1f overall=%.1f%n", count, createSeconds, during, after, afterSeconds,
                after / afterSeconds, count / ((tDone - t0) / 1e9));
    }

    /** The server's count of memories embedded since its start. */
    static long embedded(String base) throws Exception {
        long sum = 0;
        for (String line : send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET(), 200).split("\n")) {
            if (line.startsWith("wm_embeddings_memories_total")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().method() + " " + request.build().uri().getPath()
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
