package dev.whitemagic.rest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.auth.admin.AdminPrincipal;
import dev.whitemagic.persistence.usage.MeteredRequest;
import dev.whitemagic.quota.UsageRecorder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MeteringFilterTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00.123456Z");

    @Path("api/v1/memories")
    public static class Memories {
        @GET
        @Path("{id}")
        public void get() {
        }
    }

    /** Keeps what it is given instead of buffering it. */
    private static final class RecordingRecorder extends UsageRecorder {
        final List<MeteredRequest> recorded = new ArrayList<>();

        @Override
        public void record(MeteredRequest request) {
            recorded.add(request);
        }
    }

    private final RecordingRecorder recorder = new RecordingRecorder();
    private final Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), "wm_test_abcdefgh", "free",
            Set.of(Scope.MEMORIES_READ), null);

    private MeteringFilter filter(Class<?> matchedClass, Method matchedMethod) {
        MeteringFilter filter = new MeteringFilter();
        filter.recorder = recorder;
        filter.clock = Clock.fixed(T0, ZoneOffset.UTC);
        filter.resourceInfo = proxy(ResourceInfo.class, Map.of(
                "getResourceClass", matchedClass == null ? Void.class : matchedClass,
                "getResourceMethod", matchedMethod == null ? Void.class : matchedMethod));
        filter.configuration = proxy(Configuration.class, Map.of("getClasses", Set.of(Memories.class)));
        return filter;
    }

    /** A proxy answering the named methods with the given values ({@code Void.class} for null). */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(MeteringFilterTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    if (!answers.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Object answer = answers.get(method.getName());
                    return answer == Void.class ? null : answer;
                });
    }

    private static ContainerRequestContext request(String method, String path, Principal principal) {
        Map<String, Object> properties = new HashMap<>();
        SecurityContext security = proxy(SecurityContext.class, principal == null
                ? Map.of("getUserPrincipal", Void.class) : Map.of("getUserPrincipal", principal));
        UriInfo uri = proxy(UriInfo.class, Map.of("getPath", path));
        return (ContainerRequestContext) Proxy.newProxyInstance(MeteringFilterTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (self, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getUriInfo" -> uri;
                    case "getSecurityContext" -> security;
                    case "setProperty" -> properties.put((String) args[0], args[1]);
                    case "getProperty" -> properties.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ContainerResponseContext response(int status) {
        return proxy(ContainerResponseContext.class, Map.of("getStatus", status));
    }

    @Test
    void matchedRequest_isRecorded_withItsRouteTemplate_keyAndStartTime() throws Exception {
        MeteringFilter filter = filter(Memories.class, Memories.class.getMethod("get"));
        ContainerRequestContext request = request("GET", "api/v1/memories/3f1c0000-0000-4000-8000-000000000000",
                caller);

        filter.filter(request);
        filter.filter(request, response(404));

        assertThat(recorder.recorded).singleElement().satisfies(record -> {
            assertThat(record.userId()).isEqualTo(caller.userId());
            assertThat(record.keyId()).isEqualTo(caller.keyId());
            assertThat(record.endpoint()).isEqualTo("/api/v1/memories/{id}");
            assertThat(record.method()).isEqualTo("GET");
            assertThat(record.statusCode()).isEqualTo(404);
            assertThat(record.responseTimeMs()).isNotNull().isBetween(0, 1_000);
            assertThat(record.at()).isEqualTo(T0);
        });
    }

    @Test
    void requestRefusedBeforeMatching_isRecorded_underTheRouteItsPathBelongsTo() {
        MeteringFilter filter = filter(null, null);
        ContainerRequestContext request = request("POST", "api/v1/memories/3f1c0000-0000-4000-8000-000000000000",
                caller);

        filter.filter(request);
        filter.filter(request, response(429));

        assertThat(recorder.recorded).singleElement().satisfies(record -> {
            assertThat(record.endpoint()).isEqualTo("/api/v1/memories/{id}");
            assertThat(record.method()).isEqualTo("POST");
            assertThat(record.statusCode()).isEqualTo(429);
        });
    }

    @Test
    void pathOfNoRoute_isRecordedAsUnmatched() {
        MeteringFilter filter = filter(null, null);
        ContainerRequestContext request = request("GET", "api/v1/nosuch/3f1c0000", caller);

        filter.filter(request);
        filter.filter(request, response(404));

        assertThat(recorder.recorded).singleElement()
                .satisfies(record -> assertThat(record.endpoint()).isEqualTo("unmatched"));
    }

    @Test
    void adminTokenCalls_andAnonymousRequests_areNotMetered() {
        MeteringFilter filter = filter(null, null);
        for (Principal principal : new Principal[] {new AdminPrincipal(), null}) {
            ContainerRequestContext request = request("GET", "api/v1/admin/users", principal);
            filter.filter(request);
            filter.filter(request, response(200));
        }

        assertThat(recorder.recorded).isEmpty();
    }

    @Test
    void responseWithoutTheRequestSide_isStillRecorded_withoutAResponseTime() {
        MeteringFilter filter = filter(null, null);
        ContainerRequestContext request = request("GET", "api/v1/memories/x", caller);

        filter.filter(request, response(429));

        assertThat(recorder.recorded).singleElement().satisfies(record -> {
            assertThat(record.responseTimeMs()).isNull();
            assertThat(record.at()).isEqualTo(T0);
        });
    }
}
