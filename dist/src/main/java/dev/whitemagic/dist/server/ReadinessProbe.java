package dev.whitemagic.dist.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Asks the application itself whether it is ready: Payara Micro calls itself ready even when the
 * deployment failed, so readiness is an application URL answering 200.
 */
final class ReadinessProbe {

    static final List<String> PATHS = List.of("/health/ready", "/api/v1/version");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;
    private final Map<String, String> lastAnswers = new LinkedHashMap<>();

    ReadinessProbe(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Whether every probed path answers 200 right now. */
    boolean ready() {
        boolean ready = true;
        for (String path : PATHS) {
            String answer = answer(path);
            lastAnswers.put(path, answer);
            ready &= answer.equals("200");
        }
        return ready;
    }

    /** What each path answered last, e.g. {@code /health/ready: 503, /api/v1/version: connection refused}. */
    String lastAnswers() {
        return lastAnswers.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private String answer(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return Integer.toString(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (ConnectException e) {
            return "connection refused";
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
