package dev.whitemagic.domain.usage;

import static dev.whitemagic.domain.Arguments.requireText;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.user.User;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One metered request. The key is optional: it is cleared when the key is deleted, so the user's history
 * outlives their keys.
 * <p>
 * High-volume writers should insert these rows with JDBC batches: Hibernate cannot batch inserts of entities
 * whose ids come from an identity column.
 */
@Entity
@Table(name = "usage_records")
public class UsageRecord {

    static final int MAX_ENDPOINT_LENGTH = 100;
    static final int MAX_METHOD_LENGTH = 10;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id", nullable = false, updatable = false)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false, updatable = false)
    private User user;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "api_key_id")
    private ApiKey apiKey;

    @Column(name = "endpoint", nullable = false, updatable = false, length = MAX_ENDPOINT_LENGTH)
    private String endpoint;

    @Column(name = "method", nullable = false, updatable = false, length = MAX_METHOD_LENGTH)
    private String method;

    @Column(name = "status_code", updatable = false)
    private Integer statusCode;

    @Column(name = "response_time_ms", updatable = false)
    private Integer responseTimeMs;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "date", nullable = false, updatable = false)
    private LocalDate date;

    /** For JPA only. */
    protected UsageRecord() {
    }

    /**
     * A request as it was answered.
     *
     * @param user           the caller
     * @param apiKey         the key the caller used, or {@code null}
     * @param endpoint       the route template, e.g. {@code /api/v1/memories/{id}} (not the raw path)
     * @param method         the HTTP method
     * @param statusCode     the answer's status, or {@code null} if none was sent
     * @param responseTimeMs the time taken to answer, or {@code null} if unknown
     * @param createdAt      when the request came in; its UTC date becomes {@link #getDate()}
     */
    public UsageRecord(User user, ApiKey apiKey, String endpoint, String method, Integer statusCode,
                       Integer responseTimeMs, Instant createdAt) {
        this.user = Objects.requireNonNull(user, "user");
        this.apiKey = apiKey;
        this.endpoint = requireText(endpoint, "endpoint", MAX_ENDPOINT_LENGTH);
        this.method = requireText(method, "method", MAX_METHOD_LENGTH);
        this.statusCode = statusCode;
        this.responseTimeMs = responseTimeMs;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        // Days are calendar days in UTC, whatever the JVM's or the database session's zone.
        this.date = LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
    }

    /**
     * @return {@code true} if the answer was an error (status 400 or above), as usage reports count errors
     */
    public boolean isError() {
        return statusCode != null && statusCode >= 400;
    }

    /** @return the database id, or {@code null} before the row is inserted */
    public Long getId() {
        return id;
    }

    /** @return the caller (a lazy reference) */
    public User getUser() {
        return user;
    }

    /** @return the key used (a lazy reference), or {@code null} if none or since deleted */
    public ApiKey getApiKey() {
        return apiKey;
    }

    /** @return the route template */
    public String getEndpoint() {
        return endpoint;
    }

    /** @return the HTTP method */
    public String getMethod() {
        return method;
    }

    /** @return the answer's status, or {@code null} */
    public Integer getStatusCode() {
        return statusCode;
    }

    /** @return the time taken to answer in milliseconds, or {@code null} */
    public Integer getResponseTimeMs() {
        return responseTimeMs;
    }

    /** @return when the request came in */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /** @return the UTC date of {@link #getCreatedAt()} */
    public LocalDate getDate() {
        return date;
    }

    @Override
    public String toString() {
        return "UsageRecord[id=" + id + ", method=" + method + ", endpoint=" + endpoint + ", statusCode=" + statusCode
                + ", date=" + date + "]";
    }
}
