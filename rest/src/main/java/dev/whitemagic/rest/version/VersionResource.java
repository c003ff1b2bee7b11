package dev.whitemagic.rest.version;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

@Path("api/v1/version")
public class VersionResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> version() {
        return Map.of("version", "1.0.0-SNAPSHOT", "api_version", "v1", "revision", "unknown");
    }
}
