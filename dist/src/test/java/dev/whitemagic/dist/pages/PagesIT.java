package dev.whitemagic.dist.pages;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.ApiClient;
import java.net.http.HttpRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages for people over plain HTTP: served from the WAR with a strict Content-Security-Policy, nothing loaded from
 * elsewhere, revalidated with ETags, and problem details for what is not a page.
 */
class PagesIT {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    @Test
    void dashboard_isServedWithAStrictPolicy_andEveryAssetComesFromThisServer() {
        ApiClient.Reply page = api.get("/dashboard");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).startsWith("default-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Request-ID")).isNotBlank();
        assertThat(page.body()).doesNotContain("<script>").doesNotContain(" style=\"").doesNotContain("http://")
                .doesNotContain("https://");
        assertAssetsServed(page.body());
        assertThat(api.get("/dashboard/").status()).isEqualTo(200);
    }

    @Test
    void docs_isSwaggerUiFromTheWar_overThisServersOpenApi() {
        ApiClient.Reply page = api.get("/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self'");
        assertThat(page.body()).contains("swagger-ui-bundle.js").doesNotContain("https://").doesNotContain("http://");
        assertAssetsServed(page.body());
        assertThat(api.get("/docs/docs.js").body()).contains("/openapi");
    }

    @Test
    void assets_areRevalidatedWithETags_andGzippedForClientsThatAcceptIt() {
        ApiClient.Reply bundle = api.get("/docs/swagger-ui/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.header("Content-Type")).startsWith("text/javascript");
        String etag = bundle.header("ETag");
        assertThat(etag).startsWith("\"");
        assertThat(api.get("/docs/swagger-ui/swagger-ui-bundle.js", "If-None-Match", etag).status()).isEqualTo(304);

        ApiClient.Reply gzipped = api.send(api.request("/docs/swagger-ui/swagger-ui-bundle.js")
                .header("Accept-Encoding", "gzip").GET().build());
        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(Long.parseLong(gzipped.header("Content-Length"))).isLessThan(bundle.body().length() / 2);
        assertThat(api.get("/docs/swagger-ui/swagger-ui-bundle.js", "If-None-Match", gzipped.header("ETag")).status())
                .as("either representation's tag is current").isEqualTo(304);
    }

    @Test
    void whatIsNoPage_isProblemDetails() {
        assertProblem(api.get("/dashboard/nosuch.js"), 404, "not_found");
        assertProblem(api.get("/docs/swagger-ui/index.html"), 404, "not_found");
        assertProblem(api.get("/docs/swagger-ui/swagger-initializer.js"), 404, "not_found");
        assertProblem(api.get("/dashboard/.hidden.js"), 404, "not_found");
        assertProblem(api.get("/dashboard/sub/dir.js"), 404, "not_found");
        ApiClient.Reply post = api.send("POST", "/dashboard", HttpRequest.BodyPublishers.ofString("x"),
                "Content-Type", "text/plain");
        assertProblem(post, 405, "method_not_allowed");
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    }

    private void assertAssetsServed(String html) {
        Matcher asset = ASSET.matcher(html);
        int count = 0;
        while (asset.find()) {
            String path = asset.group(1);
            if (path.startsWith("#")) {
                continue;
            }
            assertThat(path).as("a path of this server").startsWith("/");
            if (path.startsWith("/openapi") || path.equals("/dashboard") || path.equals("/docs")) {
                continue;
            }
            assertThat(api.get(path).status()).as(path).isEqualTo(200);
            count++;
        }
        assertThat(count).as("scripts and styles").isGreaterThanOrEqualTo(2);
    }
}
