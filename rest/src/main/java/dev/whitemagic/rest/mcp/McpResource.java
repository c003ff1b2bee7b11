package dev.whitemagic.rest.mcp;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.rest.error.Problem;
import dev.whitemagic.rest.error.ProblemCode;
import dev.whitemagic.rest.http.RequestIds;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /mcp}: the Model Context Protocol over Streamable HTTP, answered with JSON. Authenticated, limited and
 * metered by the same filters as the REST API; any key may connect, and sees the tools its scopes allow.
 */
@Path("mcp")
@Tag(name = "MCP")
@SecurityRequirement(name = "bearerAuth")
@SecurityRequirement(name = "apiKeyAuth")
public class McpResource {

    @Inject
    McpEndpoint endpoint;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Model Context Protocol (Streamable HTTP, JSON answers)", description = "One JSON-RPC 2.0"
            + " message (a batch of up to 16 in revision 2025-03-26). Revisions 2025-11-25, 2025-06-18 and"
            + " 2025-03-26: initialize negotiates one, later requests name it in MCP-Protocol-Version (absent:"
            + " 2025-03-26). Methods: initialize, ping, tools/list, tools/call; notifications are answered 202."
            + " Tools: remember, recall, get_context, read_memory, update_memory, forget, list_tags. No session is"
            + " issued and GET is not offered (405).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "JsonRpcMessage")))
    @APIResponse(responseCode = "200", description = "The JSON-RPC response (an array for a batch)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "JsonRpcResponse")))
    @APIResponse(responseCode = "202", description = "Only notifications or responses were sent: nothing to answer")
    public Response post(byte[] body,
                         @Parameter(description = "The revision negotiated by initialize: 2025-11-25, 2025-06-18 or"
                                 + " 2025-03-26 (absent: 2025-03-26)")
                         @HeaderParam(ProtocolRevision.HEADER) String revision) {
        McpEndpoint.Answer answer = endpoint.handle((Caller) security.getUserPrincipal(), body, revision);
        if (answer.malformed() != null) {
            return malformed(answer);
        }
        if (answer.body() == null) {
            return Response.accepted().build();
        }
        return Response.ok(answer.body().toString().getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON)
                .build();
    }

    /**
     * A message that is not JSON-RPC: a 400 problem, as every error of this server is, that carries the JSON-RPC
     * error too, so that a JSON-RPC client reads it as well.
     */
    private Response malformed(McpEndpoint.Answer answer) {
        Problem problem = Problem.of(ProblemCode.VALIDATION_FAILED, answer.malformed().getMessage(),
                request.getRequestURI(), RequestIds.of(request));
        JsonObjectBuilder body = McpJson.object(McpJson.read(problem.toJson()));
        body.add("jsonrpc", "2.0").add("id", answer.body()).add("error", McpJson.object()
                .add("code", answer.malformed().code()).add("message", answer.malformed().getMessage()));
        return Response.status(400).type(Problem.MEDIA_TYPE).header(RequestIds.HEADER, problem.requestId())
                .entity(body.build().toString()).build();
    }
}
