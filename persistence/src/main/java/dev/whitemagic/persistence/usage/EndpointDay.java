package dev.whitemagic.persistence.usage;

import java.time.LocalDate;

/**
 * A user's requests to one route on one UTC day.
 *
 * @param requests        how many
 * @param errors          how many were answered with a status of 400 or more
 * @param responseTimeMs  their response times added up, in milliseconds
 * @param timedRequests   how many of them have a response time (the divisor of an average)
 */
public record EndpointDay(LocalDate date, String endpoint, long requests, long errors, long responseTimeMs,
                          long timedRequests) {
}
