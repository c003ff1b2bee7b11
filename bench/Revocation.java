import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P6 of bench/run.sh (single-file program, JDK only): how long after one server answers a key's revocation a second
 * server on the same database refuses the key.
 *
 * <pre>java bench/Revocation.java BASE_A BASE_B USER_KEY [RUNS=5] [GIVE_UP_MS=5000]</pre>
 *
 * USER_KEY is a key with scope keys:manage of a user whose limits cannot be reached. Each run: creates a key through
 * A, uses it twice on B (so B has it verified and cached, 200 both times), revokes it through A (204), then polls
 * {@code GET /api/v1/keys/self} on B back to back over one keep-alive connection until it answers 401; the latency is
 * from A's 204 (last byte received) to B's first 401. Any other answer fails the run (exit 1: not a result).
 * Prints {@code REVOKE run=.. ms=.. polls=..} per run.
 */
public class Revocation {

    static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

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
        String a = args[0];
        String b = args[1];
        String userKey = args[2];
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long giveUpMs = args.length > 4 ? Long.parseLong(args[4]) : 5000;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        for (int run = 1; run <= runs; run++) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(a + "/api/v1/keys"))
                    .header("Authorization", "Bearer " + userKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-revoke-" + run + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect(created, 201, "creating a key through A");
            String key = group(KEY, created.body());
            String keyId = group(ID, created.body());
            HttpRequest selfOnB = HttpRequest.newBuilder(URI.create(b + "/api/v1/keys/self"))
                    .header("Authorization", "Bearer " + key).GET().build();
            for (int i = 0; i < 2; i++) {
                expect(http.send(selfOnB, HttpResponse.BodyHandlers.ofString()), 200, "the new key on B");
            }
            HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(a + "/api/v1/keys/" + keyId))
                    .header("Authorization", "Bearer " + userKey).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            long answeredAt = System.nanoTime();
            expect(revoked, 204, "revoking the key through A");
            int polls = 0;
            while (true) {
                HttpResponse<String> self = http.send(selfOnB, HttpResponse.BodyHandlers.ofString());
                polls++;
                if (self.statusCode() == 401) {
                    break;
                }
                expect(self, 200, "polling B");
                if ((System.nanoTime() - answeredAt) / 1_000_000 > giveUpMs) {
                    throw new IllegalStateException("run " + run + ": B still accepted the key " + giveUpMs
                            + " ms after A revoked it");
                }
            }
            double ms = (System.nanoTime() - answeredAt) / 1e6;
            System.out.printf("REVOKE run=%d ms=%.1f polls=%d%n", run, ms, polls);
        }
    }

    static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(p + " not in " + body);
        }
        return m.group(1);
    }

    static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": " + r.statusCode() + " (expected " + status + ") " + r.body()
                    + ": not a result");
        }
    }
}
