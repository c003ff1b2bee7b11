package dev.whitemagic.rest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    @Path("api/v1/keys")
    public static class Keys {
        @GET
        public void list() {
        }

        @DELETE
        @Path("{id}")
        public void delete() {
        }

        @GET
        @Path("self")
        public void self() {
        }

        @POST
        @Path("{id: [0-9a-f-]+}/rotate")
        public void rotate() {
        }

        public void helper() {
        }
    }

    @Path("/api/v1/")
    public static class Context {
        @POST
        @Path("context")
        public void context() {
        }
    }

    /** Not a root resource: no @Path on the class. */
    public static class Provider {
        @GET
        @Path("api/v1/provided")
        public void get() {
        }
    }

    private final RouteTable table = RouteTable.of(List.of(Keys.class, Context.class, Provider.class, String.class));

    @Test
    void match_pathOfAResourceMethod_isItsTemplate() {
        assertThat(table.match("api/v1/keys")).isEqualTo("/api/v1/keys");
        assertThat(table.match("/api/v1/keys/")).isEqualTo("/api/v1/keys");
        assertThat(table.match("api/v1/context")).isEqualTo("/api/v1/context");
    }

    @Test
    void match_anySegmentFitsAParameter_andTheRegexIsLeftOut() {
        assertThat(table.match("api/v1/keys/5b1d7c1e-0000-4000-8000-000000000000"))
                .isEqualTo("/api/v1/keys/{id}");
        assertThat(table.match("api/v1/keys/not-even-a-uuid/rotate")).isEqualTo("/api/v1/keys/{id}/rotate");
    }

    @Test
    void match_literalSegments_winOverParameters() {
        assertThat(table.match("api/v1/keys/self")).isEqualTo("/api/v1/keys/self");
    }

    @Test
    void match_pathOfNoResource_isUnmatched() {
        assertThat(table.match("api/v1/nosuch")).isEqualTo(RouteTemplates.UNMATCHED);
        assertThat(table.match("api/v1/keys/a/b")).isEqualTo(RouteTemplates.UNMATCHED);
        assertThat(table.match("")).isEqualTo(RouteTemplates.UNMATCHED);
        assertThat(table.match(null)).isEqualTo(RouteTemplates.UNMATCHED);
        assertThat(table.match("api/v1/provided")).as("only root resources count").isEqualTo(RouteTemplates.UNMATCHED);
    }

    @Test
    void table_knowsEveryResourceMethodOnce() {
        assertThat(table.size()).isEqualTo(5);
    }
}
