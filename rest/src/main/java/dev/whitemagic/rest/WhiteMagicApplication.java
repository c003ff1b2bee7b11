package dev.whitemagic.rest;

import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.auth.admin.AdminPrincipal;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * The JAX-RS application, mapped at the context root so that every path, also outside
 * {@code /api/v1}, is answered by this application and its problem-details error mapping.
 */
@ApplicationPath("/")
// Every role must be declared, or Payara refuses it even to a caller in that group.
@DeclareRoles({Scope.MEMORIES_READ_VALUE, Scope.MEMORIES_WRITE_VALUE, Scope.KEYS_MANAGE_VALUE, Scope.USAGE_READ_VALUE,
        AdminPrincipal.ROLE})
@OpenAPIDefinition(info = @Info(
        title = "WhiteMagic Cloud API",
        version = "1.0.0",
        description = "Persistent memory for AI agents: store, search and pull context from memories with an API key. "
                + "Every error is an RFC 9457 problem-details body (application/problem+json)."))
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = WhiteMagicApplication.BEARER, type = SecuritySchemeType.HTTP,
                scheme = "bearer", bearerFormat = "wm_<environment>_<32 base62>",
                description = "An API key as `Authorization: Bearer wm_prod_…`"),
        @SecurityScheme(securitySchemeName = WhiteMagicApplication.API_KEY, type = SecuritySchemeType.APIKEY,
                in = SecuritySchemeIn.HEADER, apiKeyName = "X-API-Key",
                description = "An API key as `X-API-Key: wm_prod_…`")
})
public class WhiteMagicApplication extends Application {

    /** Name of the bearer-token security scheme in {@code /openapi}. */
    public static final String BEARER = "bearerAuth";

    /** Name of the {@code X-API-Key} header security scheme in {@code /openapi}. */
    public static final String API_KEY = "apiKeyAuth";

    /**
     * No WADL: Jersey would otherwise publish every route, the admin API's included, at {@code /application.wadl}
     * and in the body of any {@code OPTIONS} answer, to anyone. {@code /openapi} is the published description.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
