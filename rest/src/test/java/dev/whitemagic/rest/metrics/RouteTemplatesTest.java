package dev.whitemagic.rest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    @Path("api/v1/memories")
    static class Memories {
        @GET
        public void list() {
        }

        @GET
        @Path("{id: [0-9a-f-]+}")
        public void get() {
        }

        @GET
        @Path("/{id}/restore/")
        public void restore() {
        }
    }

    private final RouteTemplates routes = new RouteTemplates();

    @Test
    void classPathAlone_isTheRoute() throws Exception {
        assertThat(routes.of(Memories.class, Memories.class.getMethod("list"))).isEqualTo("/api/v1/memories");
    }

    @Test
    void parameterRegex_isLeftOut_soNoIdEverBecomesATag() throws Exception {
        assertThat(routes.of(Memories.class, Memories.class.getMethod("get"))).isEqualTo("/api/v1/memories/{id}");
    }

    @Test
    void slashesAreNormalised() throws Exception {
        assertThat(routes.of(Memories.class, Memories.class.getMethod("restore")))
                .isEqualTo("/api/v1/memories/{id}/restore");
    }

    @Test
    void unmatchedRequest_hasOneFixedRoute() {
        assertThat(routes.of(null, null)).isEqualTo(RouteTemplates.UNMATCHED);
    }
}
