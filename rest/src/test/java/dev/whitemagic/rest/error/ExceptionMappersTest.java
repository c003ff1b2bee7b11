package dev.whitemagic.rest.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.QuotaExceededException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.persistence.OptimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ExceptionMappersTest {

    private final HttpServletRequest request = FakeRequest.of("POST", "/api/v1/memories");

    private static JsonObject body(Response response) {
        try (var reader = Json.createReader(new StringReader((String) response.getEntity()))) {
            return reader.readObject();
        }
    }

    private Response web(jakarta.ws.rs.WebApplicationException e) {
        WebApplicationExceptionMapper mapper = new WebApplicationExceptionMapper();
        mapper.request = request;
        return mapper.toResponse(e);
    }

    private Response processing(ProcessingException e) {
        MalformedBodyExceptionMapper mapper = new MalformedBodyExceptionMapper();
        mapper.request = request;
        return mapper.toResponse(e);
    }

    private Response unhandled(Throwable e) {
        UnhandledExceptionMapper mapper = new UnhandledExceptionMapper();
        mapper.request = request;
        return mapper.toResponse(e);
    }

    @Test
    void notFound_isNotFoundProblem() {
        Response response = web(new NotFoundException());
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        JsonObject body = body(response);
        assertThat(body.getString("code")).isEqualTo("not_found");
        assertThat(body.getString("instance")).isEqualTo("/api/v1/memories");
        assertThat(body.getString("request_id")).isEqualTo(response.getHeaderString("X-Request-ID")).isNotBlank();
    }

    @Test
    void quotaExceeded_is403QuotaExceeded_withTheCapAsDetail() {
        DomainExceptionMapper mapper = new DomainExceptionMapper();
        mapper.request = request;

        Response response = mapper.toResponse(QuotaExceededException.memories("free", 50));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        JsonObject body = body(response);
        assertThat(body.getString("code")).isEqualTo("quota_exceeded");
        assertThat(body.getString("type")).isEqualTo("https://whitemagic.dev/problems/quota-exceeded");
        assertThat(body.getString("title")).isEqualTo("Quota exceeded");
        assertThat(body.getString("detail")).isEqualTo("memory limit of plan free (50) reached");
        assertThat(body.containsKey("errors")).isFalse();
    }

    @Test
    void notAllowed_keepsTheAllowHeader() {
        Response response = web(new NotAllowedException(Response.status(405).allow("GET", "HEAD").build()));
        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeaderString("Allow")).contains("GET").contains("HEAD");
        assertThat(body(response).getString("code")).isEqualTo("method_not_allowed");
    }

    @Test
    void unsupportedMediaType_is415() {
        Response response = web(new NotSupportedException());
        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(body(response).getString("code")).isEqualTo("unsupported_media_type");
    }

    @Test
    void malformedJson_wrappedByTheProvider_is400ValidationFailed() {
        Response response = processing(new ProcessingException("Error reading entity",
                new JsonbException("Unexpected char 125", new JsonParsingException("Unexpected char", null))));
        assertThat(response.getStatus()).isEqualTo(400);
        JsonObject body = body(response);
        assertThat(body.getString("code")).isEqualTo("validation_failed");
        assertThat(body.getString("detail")).doesNotContain("125");
    }

    @Test
    void malformedJson_reportedAsBadRequest_is400ValidationFailed() {
        Response response = web(new BadRequestException(new JsonbException("Unexpected end of input")));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(body(response).getString("code")).isEqualTo("validation_failed");
    }

    @Test
    void bodyOverTheLimit_foundDeepInTheCauseChain_is413() {
        Response response = processing(new ProcessingException(new JsonbException("read failed",
                new PayloadTooLargeException(1024))));
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(body(response).getString("code")).isEqualTo("payload_too_large");
        assertThat(unhandled(new PayloadTooLargeException(1024)).getStatus()).isEqualTo(413);
    }

    @Test
    void invalidSignature_is401InvalidSignature_withoutAChallenge() {
        DomainExceptionMapper mapper = new DomainExceptionMapper();
        mapper.request = FakeRequest.of("POST", "/webhooks/whop");

        Response response = mapper.toResponse(new dev.whitemagic.rest.billing.InvalidSignatureException());

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("WWW-Authenticate")).isNull();
        JsonObject body = body(response);
        assertThat(body.getString("code")).isEqualTo("invalid_signature");
        assertThat(body.getString("instance")).isEqualTo("/webhooks/whop");
        assertThat(body).doesNotContainKey("errors");
    }

    @Test
    void unreadableWebhookBody_is400ValidationFailed_withoutFieldErrors() {
        DomainExceptionMapper mapper = new DomainExceptionMapper();
        mapper.request = FakeRequest.of("POST", "/webhooks/whop");

        Response response = mapper.toResponse(new dev.whitemagic.rest.billing.UnreadableEventException());

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(body(response).getString("code")).isEqualTo("validation_failed");
        assertThat(body(response)).doesNotContainKey("errors");
    }

    @Test
    void unexpectedFailure_is500_withoutAnyDetail() {
        Response response = unhandled(new IllegalStateException("select * from users where secret = 'x'",
                new SQLException("ERROR: relation \"users\" does not exist")));
        assertThat(response.getStatus()).isEqualTo(500);
        String json = (String) response.getEntity();
        assertThat(json).doesNotContain("select").doesNotContain("users").doesNotContain("Exception")
                .doesNotContain("at dev.");
        JsonObject body = body(response);
        assertThat(body.getString("code")).isEqualTo("internal_error");
        assertThat(body.isNull("detail")).isTrue();
    }

    @Test
    void processingFailureThatIsNoBodyProblem_is500() {
        assertThat(processing(new ProcessingException("writer failed", new IllegalStateException())).getStatus())
                .isEqualTo(500);
    }

    @Test
    void serverSideWebApplicationException_is500_butServiceUnavailableKeepsItsStatus() {
        assertThat(web(new jakarta.ws.rs.InternalServerErrorException()).getStatus()).isEqualTo(500);
        Response unavailable = web(new ServiceUnavailableException(7L));
        assertThat(unavailable.getStatus()).isEqualTo(503);
        assertThat(unavailable.getHeaderString("Retry-After")).isEqualTo("7");
        assertThat(body(unavailable).getString("code")).isEqualTo("service_unavailable");
    }

    @Test
    void describe_namesClassesAndPlaces_butNeverTheMessage() {
        String described = UnhandledExceptionMapper.describe(
                new IllegalStateException("password=hunter2", new SQLException("select 1")));
        assertThat(described).contains("IllegalStateException").contains("SQLException")
                .doesNotContain("hunter2").doesNotContain("select");
    }

    @Test
    void cancelledStatement_is503ServiceUnavailable_withRetryAfter_andNoSql() {
        Response response = unhandled(new IllegalStateException("select * from memories",
                new SQLException("ERROR: canceling statement due to statement timeout", "57014")));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        JsonObject body = body(response);
        assertThat(body.getString("code")).isEqualTo("service_unavailable");
        assertThat(body.getString("detail")).contains("took too long");
        assertThat(body.toString()).doesNotContain("select").doesNotContain("canceling");
    }

    @Test
    void deadlockVictim_is503ServiceUnavailable_withRetryAfter_andNoSql() {
        Response response = unhandled(new OptimisticLockException("update memories set status=?",
                new SQLException("ERROR: deadlock detected; Process 12 waits for ShareLock", "40P01")));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        JsonObject body = body(response);
        assertThat(body.getString("code")).isEqualTo("service_unavailable");
        assertThat(body.getString("detail")).contains("concurrent changes");
        assertThat(body.toString()).doesNotContain("update").doesNotContain("deadlock").doesNotContain("Process");
    }

    @Test
    void noConnectionFromThePool_is503ServiceUnavailable_withRetryAfter() {
        Response response = processing(new ProcessingException(new SQLException("Error in allocating a connection",
                new jakarta.resource.ResourceException("In-use connections equal max-pool-size"))));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(body(response).getString("code")).isEqualTo("service_unavailable");
    }
}
