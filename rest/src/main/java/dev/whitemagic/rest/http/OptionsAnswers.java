package dev.whitemagic.rest.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers {@code OPTIONS} on a route with 204 and the {@code Allow} header alone: JAX-RS would repeat the methods as a
 * {@code text/plain} body, which tells a client nothing the header does not.
 */
@Provider
public class OptionsAnswers implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getMethod().equals("OPTIONS") && response.getStatus() == 200
                && response.getHeaderString(HttpHeaders.ALLOW) != null) {
            response.setEntity(null);
            response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            response.setStatus(204);
            response.getHeaders().putSingle(HttpHeaders.ALLOW,
                    AllowHeader.normalised(response.getHeaderString(HttpHeaders.ALLOW)));
        }
    }
}
