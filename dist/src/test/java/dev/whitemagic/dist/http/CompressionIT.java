package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Larger JSON, YAML and Prometheus answers are gzipped for a client that accepts it, and only for one. */
class CompressionIT {

    // HTTP/1.1 as curl and most clients speak it; Grizzly does not compress after an h2c upgrade.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(SharedServer.baseUrl().resolve(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theOpenApiDocument_theMetricsAndAPageOfMemories_areGzipped_whenAccepted() throws Exception {
        Account account = TestAccounts.create(api);
        for (int i = 0; i < 10; i++) {
            api.sendJson("POST", "/api/v1/memories", account.key(), "{\"title\":\"compressed " + i
                    + "\",\"content\":\"" + "a long enough content that repeats itself. ".repeat(5) + "\"}");
        }
        String[][] requests = {
                {"/openapi", "Accept", "application/json"},
                {"/metrics?scope=application", "Accept", "text/plain"},
                {"/api/v1/memories?limit=10", "Authorization", bearer(account.key())}};
        for (String[] request : requests) {
            HttpResponse<byte[]> plain = get(request[0], request[1], request[2]);
            HttpResponse<byte[]> gzipped = get(request[0], request[1], request[2], "Accept-Encoding", "gzip");

            assertThat(plain.headers().firstValue("Content-Encoding")).as(request[0]).isEmpty();
            assertThat(gzipped.headers().firstValue("Content-Encoding")).as(request[0]).contains("gzip");
            assertThat(gzipped.headers().allValues("Vary")).as(request[0]).anyMatch(v -> v.contains("Accept-Encoding"));
            assertThat(gzipped.body().length).as(request[0] + ": smaller").isLessThan(plain.body().length / 2);
            String unpacked = gunzip(gzipped.body());
            assertThat(unpacked).as(request[0]).startsWith(new String(plain.body(), StandardCharsets.UTF_8)
                    .substring(0, 40));
        }
    }

    @Test
    void aSmallAnswer_staysPlain_butSaysItVariesByEncoding() throws Exception {
        HttpResponse<byte[]> version = get("/api/v1/version", "Accept-Encoding", "gzip");

        assertThat(version.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(version.headers().allValues("Vary")).anyMatch(v -> v.contains("Accept-Encoding"));
    }
}
