package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.client.ApiClient;
import dev.whitemagic.client.ApiException;
import dev.whitemagic.client.api.AccountApi;
import dev.whitemagic.client.api.AdminApi;
import dev.whitemagic.client.api.KeysApi;
import dev.whitemagic.client.api.MemoriesApi;
import dev.whitemagic.client.api.SearchApi;
import dev.whitemagic.client.api.UsageApi;
import dev.whitemagic.client.model.CreateKeyRequest;
import dev.whitemagic.client.model.CreateMemoryRequest;
import dev.whitemagic.client.model.CreateUserRequest;
import dev.whitemagic.client.model.CreatedKey;
import dev.whitemagic.client.model.CreatedUser;
import dev.whitemagic.client.model.Me;
import dev.whitemagic.client.model.Memory;
import dev.whitemagic.client.model.MemoryPage;
import dev.whitemagic.client.model.Problem;
import dev.whitemagic.client.model.SearchRequest;
import dev.whitemagic.client.model.SearchResults;
import dev.whitemagic.client.model.UpdateMemoryRequest;
import dev.whitemagic.client.model.Usage;
import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Java client that openapi-generator made from the published document (docs/openapi.json), unmodified, drives
 * the packaged server: what a REST client starting from {@code /openapi} gets.
 */
class GeneratedClientIT {

    private static ApiClient client(String credential) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(SharedServer.baseUrl().toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + credential));
        return client;
    }

    private static CreatedUser newUser(String plan) throws ApiException {
        return new AdminApi(client(SharedServer.ADMIN_TOKEN)).adminCreateUser(new CreateUserRequest()
                .email("generated-" + UUID.randomUUID() + "@example.com")
                .planTier(CreateUserRequest.PlanTierEnum.fromValue(plan)));
    }

    private static Problem problem(ApiClient client, ApiException e) throws Exception {
        return client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    }

    @Test
    void theGeneratedClient_drivesEveryCoreCall_includingCursorPaging() throws Exception {
        CreatedUser user = newUser("pro");
        assertThat(user.getKey()).startsWith("wm_");
        assertThat(user.getUser().getId()).isNotNull();

        ApiClient owner = client(user.getKey());
        CreatedKey key = new KeysApi(owner).createKey(new CreateKeyRequest().name("generated client"));
        ApiClient agent = client(key.getKey());
        assertThat(key.getApiKey().getScopes()).contains("memories:read", "memories:write");

        MemoriesApi memories = new MemoriesApi(agent);
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Memory memory = memories.createMemory(null, new CreateMemoryRequest().title("generated " + i)
                    .content("written by the generated client about pagination " + i).tags(List.of("Generated")));
            created.add(memory.getId());
            assertThat(memory.getTags()).containsExactly("generated");
            assertThat(memory.getCreatedAt()).isNotNull();
            assertThat(memory.getSizeBytes()).isPositive();
        }
        Memory read = memories.getMemory(created.get(0), null, null);
        assertThat(read.getTitle()).isEqualTo("generated 0");

        Memory edited = memories.updateMemory(created.get(0), null, new UpdateMemoryRequest().title("edited"));
        assertThat(edited.getTitle()).isEqualTo("edited");
        assertThat(edited.getUpdatedAt()).isAfterOrEqualTo(read.getUpdatedAt());

        MemoryPage first = memories.listMemories(null, null, null, 2, null);
        assertThat(first.getItems()).hasSize(2);
        assertThat(first.getNextCursor()).isNotNull();
        MemoryPage second = memories.listMemories(null, null, null, 2, first.getNextCursor());
        assertThat(second.getItems()).hasSize(1);
        assertThat(second.getNextCursor()).isNull();
        List<UUID> listed = new ArrayList<>();
        first.getItems().forEach(memory -> listed.add(memory.getId()));
        second.getItems().forEach(memory -> listed.add(memory.getId()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(created);

        SearchResults found = new SearchApi(agent).searchMemories(new SearchRequest().query("pagination"));
        assertThat(found.getItems()).isNotEmpty();
        assertThat(found.getItems().get(0).getScore()).isNotNull();

        memories.deleteMemory(created.get(1), true);
        ApiException gone = catchApi(() -> memories.getMemory(created.get(1), null, null));
        assertThat(gone.getCode()).isEqualTo(404);
        Problem notFound = problem(agent, gone);
        assertThat(notFound.getCode()).isEqualTo(Problem.CodeEnum.NOT_FOUND);
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(notFound.getRequestId()).isNotBlank();

        Me me = new AccountApi(owner).getMe();
        assertThat(me.getUser().getId()).isEqualTo(user.getUser().getId());
        assertThat(me.getUsage().getMemoriesCount()).isEqualTo(2);
        assertThat(me.getLimits().getMaxMemories()).isPositive();

        Usage usage = new UsageApi(owner).getUsage(null, null);
        assertThat(usage.getDays()).isNotEmpty();
    }

    @Test
    void aRateLimitedCall_readsAsATypedProblem() throws Exception {
        ApiClient starter = client(newUser("starter").getKey());
        MemoriesApi memories = new MemoriesApi(starter);
        ApiException limited = null;
        for (int i = 0; i <= TestPlans.STARTER_PER_MINUTE && limited == null; i++) {
            try {
                memories.listMemories(null, null, null, null, null);
            } catch (ApiException e) {
                limited = e;
            }
        }
        assertThat(limited).as("refused within the minute's allowance + 1").isNotNull();
        assertThat(limited.getCode()).isEqualTo(429);
        assertThat(limited.getResponseHeaders().firstValue("Retry-After")).isPresent();
        Problem problem = problem(starter, limited);
        assertThat(problem.getCode()).isEqualTo(Problem.CodeEnum.RATE_LIMITED);
    }

    private interface Call {
        void run() throws ApiException;
    }

    private static ApiException catchApi(Call call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an error answer");
    }
}
