package dev.whitemagic.rest.memories;

import java.util.Arrays;
import java.util.List;

/**
 * An {@code If-Match} or {@code If-None-Match} header (RFC 9110): {@code *} or a list of entity tags. Parsed by hand
 * and leniently: a malformed entry matches nothing, so a bad header never turns into a server error.
 *
 * @param etags the entries as sent, quotes (and a weak {@code W/} prefix) included
 */
record EntityTagHeader(List<String> etags) {

    /** @return the header's condition, or {@code null} if the request has none */
    static EntityTagHeader parse(String header) {
        return header == null ? null
                : new EntityTagHeader(Arrays.stream(header.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                        .toList());
    }

    /** {@code If-Match}: strong comparison; whether a resource whose entity tag is {@code etag} may be changed. */
    boolean matchesStrongly(String etag) {
        return etags.stream().anyMatch(candidate -> candidate.equals("*") || candidate.equals(etag));
    }

    /** {@code If-None-Match}: weak comparison; whether the client already holds {@code etag}. */
    boolean matchesWeakly(String etag) {
        return etags.stream().anyMatch(candidate -> candidate.equals("*")
                || (candidate.startsWith("W/") ? candidate.substring(2) : candidate).equals(etag));
    }
}
