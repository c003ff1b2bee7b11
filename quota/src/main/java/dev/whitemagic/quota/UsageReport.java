package dev.whitemagic.quota;

import dev.whitemagic.domain.usage.UsagePeriod;
import dev.whitemagic.persistence.usage.EndpointDay;
import dev.whitemagic.persistence.usage.UsageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A user's usage per UTC day: every day of the period, oldest first, days without requests included as zeros (so a
 * chart needs no gaps filled). Read with one aggregation per report.
 */
@ApplicationScoped
public class UsageReport {

    /**
     * One day of a user's usage.
     *
     * @param requests      every metered request of the day
     * @param errors        those answered with a status of 400 or more
     * @param avgResponseMs their mean response time in milliseconds, rounded to one decimal (half up); 0 on a day
     *                      without requests
     * @param byEndpoint    requests per route template, the most used first (ties by name); empty on a day without
     *                      requests
     */
    public record Day(LocalDate date, long requests, long errors, double avgResponseMs, Map<String, Long> byEndpoint) {

        public Day {
            byEndpoint = Collections.unmodifiableMap(new LinkedHashMap<>(byEndpoint));
        }
    }

    @Inject
    UsageRepository repository;

    @Inject
    Clock clock;

    /** For CDI. */
    protected UsageReport() {
    }

    /** For tests in Java SE. */
    public UsageReport(UsageRepository repository, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param from the first day as the client wrote it ({@code YYYY-MM-DD}), or {@code null} for the default
     * @param to   the last day as the client wrote it, or {@code null} for today (UTC)
     * @return the user's usage on each day of the period
     * @throws dev.whitemagic.domain.InvalidInputException if the dates or the period are not acceptable (see
     *                                                     {@link UsagePeriod#parse})
     */
    public List<Day> daily(UUID userId, String from, String to) {
        return daily(userId, UsagePeriod.parse(from, to, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    }

    /** @return the user's usage on each day of the period, oldest first */
    public List<Day> daily(UUID userId, UsagePeriod period) {
        Map<LocalDate, List<EndpointDay>> byDate = new HashMap<>();
        for (EndpointDay row : repository.dailyByEndpoint(userId, period.from(), period.to())) {
            byDate.computeIfAbsent(row.date(), date -> new ArrayList<>()).add(row);
        }
        return period.dates().stream().map(date -> day(date, byDate.getOrDefault(date, List.of()))).toList();
    }

    private static Day day(LocalDate date, List<EndpointDay> rows) {
        long requests = 0;
        long errors = 0;
        long responseTimeMs = 0;
        long timed = 0;
        for (EndpointDay row : rows) {
            requests += row.requests();
            errors += row.errors();
            responseTimeMs += row.responseTimeMs();
            timed += row.timedRequests();
        }
        Map<String, Long> byEndpoint = new LinkedHashMap<>();
        rows.stream()
                .sorted(Comparator.comparingLong(EndpointDay::requests).reversed()
                        .thenComparing(EndpointDay::endpoint))
                .forEach(row -> byEndpoint.put(row.endpoint(), row.requests()));
        return new Day(date, requests, errors, average(responseTimeMs, timed), byEndpoint);
    }

    private static double average(long total, long count) {
        if (count == 0) {
            return 0;
        }
        return BigDecimal.valueOf(total).divide(BigDecimal.valueOf(count), 1, RoundingMode.HALF_UP).doubleValue();
    }
}
