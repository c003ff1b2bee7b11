package dev.whitemagic.rest.memories;

import java.util.Arrays;
import java.util.List;

/**
 * An {@code If-Match} header (RFC 9110): {@code *} or a list of entity tags, compared strongly.
 *
 * @param etags the entity tags as sent, quotes included
 */
record IfMatch(List<String> etags) {

    /** @return the header's condition, or {@code null} if the request has none */
    static IfMatch parse(String header) {
        return header == null ? null
                : new IfMatch(Arrays.stream(header.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList());
    }

    /** Whether a resource whose current entity tag is {@code etag} may be changed. */
    boolean accepts(String etag) {
        return etags.stream().anyMatch(candidate -> candidate.equals("*") || candidate.equals(etag));
    }
}
