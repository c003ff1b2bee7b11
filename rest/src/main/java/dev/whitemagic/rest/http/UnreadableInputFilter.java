package dev.whitemagic.rest.http;

import dev.whitemagic.domain.Arguments;
import jakarta.annotation.Priority;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses, before anything reads them, inputs no part of the API can take:
 * <ul>
 *   <li>query parameters with the NUL character ({@code %00}) or half of a UTF-16 surrogate pair, which no column can
 *       store: 400 {@code validation_failed} naming the parameter;</li>
 *   <li>a {@code Content-Type} that is not a media type at all ({@code json}): 415, as for any type the API does not
 *       take, where JAX-RS would answer a bare 400. Types are compared without regard to case.</li>
 * </ul>
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class UnreadableInputFilter implements ContainerRequestFilter {

    /** {@code type/subtype} and parameters, as RFC 9110 writes a media type. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "\\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+\\s*(;.*)?");

    @Override
    public void filter(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
            throw new NotSupportedException();
        }
        if (request.getUriInfo().getRequestUri().getRawQuery() == null) {
            return;
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            Arguments.requireStorable(parameter.getKey(), parameter.getKey());
            for (String value : parameter.getValue()) {
                Arguments.requireStorable(value, parameter.getKey());
            }
        }
    }
}
