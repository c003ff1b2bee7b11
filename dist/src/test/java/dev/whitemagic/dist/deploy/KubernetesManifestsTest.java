package dev.whitemagic.dist.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.whitemagic.dist.server.WhiteMagicServer;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests: each document valid against the Kubernetes API's schema for its kind (no field the API
 * does not know, none it requires missing, every value of its type), and the Deployment's probes, timings, secrets
 * and scrape annotations in step with what the server does.
 */
class KubernetesManifestsTest {

    /** The API version each kind of the manifests is written for, and the schema that checks it. */
    private static final Map<String, Schema> SCHEMAS = Map.of(
            "Secret", new Schema("v1", V1Secret::validateJsonElement),
            "Deployment", new Schema("apps/v1", V1Deployment::validateJsonElement),
            "Service", new Schema("v1", V1Service::validateJsonElement),
            "PodDisruptionBudget", new Schema("policy/v1", V1PodDisruptionBudget::validateJsonElement));

    private record Schema(String apiVersion, Validator validator) {
    }

    @FunctionalInterface
    private interface Validator {
        void validate(JsonElement json) throws IOException;
    }

    private static final Gson GSON = new Gson();

    private static List<Map<String, Object>> documents() {
        return DeployFiles.yamlDocuments(DeployFiles.KUBERNETES);
    }

    private static JsonObject json(String kind) {
        return documents().stream().filter(document -> kind.equals(document.get("kind")))
                .map(document -> GSON.toJsonTree(document).getAsJsonObject()).findFirst().orElseThrow();
    }

    private static V1Deployment deployment() throws IOException {
        return V1Deployment.fromJson(json("Deployment").toString());
    }

    private static V1Container container() throws IOException {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static int env(V1Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name))
                .map(V1EnvVar::getValue).map(Integer::parseInt).findFirst().orElseThrow();
    }

    @Test
    void everyDocument_isValidForItsKind_andReadsAsOne() throws IOException {
        List<Map<String, Object>> documents = documents();
        assertThat(documents).extracting(document -> document.get("kind"))
                .containsExactlyInAnyOrder("Secret", "Deployment", "Service", "PodDisruptionBudget");
        for (Map<String, Object> document : documents) {
            Schema schema = SCHEMAS.get((String) document.get("kind"));
            assertThat(document.get("apiVersion")).as("apiVersion of " + document.get("kind"))
                    .isEqualTo(schema.apiVersion());
            schema.validator().validate(GSON.toJsonTree(document));
        }
        // Typed reads on top: a number where a string belongs (or the reverse) fails here.
        V1Secret.fromJson(json("Secret").toString());
        V1Service.fromJson(json("Service").toString());
        V1PodDisruptionBudget.fromJson(json("PodDisruptionBudget").toString());
        assertThat(deployment().getMetadata().getName()).isEqualTo("whitemagic");
    }

    @Test
    void theSchemaCheck_refusesAMisspelledField_andAMissingOne() {
        JsonObject misspelled = json("Deployment");
        misspelled.getAsJsonObject("spec").addProperty("replica", 3);
        assertThatThrownBy(() -> V1Deployment.validateJsonElement(misspelled))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica");

        JsonObject withoutContainerName = json("Deployment");
        withoutContainerName.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("containers").get(0).getAsJsonObject().remove("name");
        assertThatThrownBy(() -> V1Deployment.validateJsonElement(withoutContainerName))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }

    @Test
    void probes_askTheServersHealthEndpoints() throws IOException {
        V1Container container = container();
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        V1Probe startup = container.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                .as("seconds a start may take: the launcher's own bound (WM_START_TIMEOUT_SECONDS, 180) or less,"
                        + " but more than a start with a migration (~30 s)").isBetween(120, 180);
        for (V1Probe probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(), startup)) {
            assertThat(probe.getHttpGet().getPort().getStrValue()).isEqualTo("http");
        }
    }

    @Test
    void shutdownTimings_matchTheGraceTheServerIsGiven() throws IOException {
        V1Deployment deployment = deployment();
        V1Container container = container();
        int grace = env(container, "WM_SHUTDOWN_GRACE_SECONDS");
        V1Probe readiness = container.getReadinessProbe();

        assertThat(grace).isPositive();
        assertThat(readiness.getPeriodSeconds() * readiness.getFailureThreshold())
                .as("a node turned DOWN is seen as such within the grace, while it still answers")
                .isLessThanOrEqualTo(grace);
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("the grace, then the application server's bound to stop, then a few seconds to exit")
                .isGreaterThanOrEqualTo(grace + WhiteMagicServer.SERVER_STOP_GRACE.toSeconds() + 5);
    }

    @Test
    void theSecret_holdsTheDatabaseAndTheTokens_andThePodsTakeItAll() throws IOException {
        V1Secret secret = V1Secret.fromJson(json("Secret").toString());
        assertThat(secret.getStringData()).containsKeys("WM_DB_URL", "WM_DB_USER", "WM_DB_PASSWORD",
                "WM_ADMIN_TOKEN", "WM_WHOP_WEBHOOK_SECRET");
        assertThat(secret.getStringData().get("WM_DB_URL")).startsWith("jdbc:postgresql://");
        assertThat(container().getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getSecretRef().getName())
                        .isEqualTo(secret.getMetadata().getName()));
        assertThat(container().getEnv()).extracting(V1EnvVar::getName)
                .as("secrets come from the Secret only").doesNotContain("WM_DB_PASSWORD", "WM_ADMIN_TOKEN");
    }

    @Test
    void thePods_runAsNonRoot_withBoundedMemory_andAreScrapedOnTheirPort() throws IOException {
        V1PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        V1Container container = container();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");

        V1ContainerPort http = container.getPorts().stream().filter(port -> "http".equals(port.getName()))
                .findFirst().orElseThrow();
        assertThat(http.getContainerPort()).isEqualTo(8080);
        Map<String, String> annotations = deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/metrics")
                .containsEntry("prometheus.io/port", Integer.toString(http.getContainerPort()));
    }

    @Test
    void theServiceAndTheDisruptionBudget_selectThePods() throws IOException {
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
        V1Service service = V1Service.fromJson(json("Service").toString());
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(deployment().getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(V1PodDisruptionBudget.fromJson(json("PodDisruptionBudget")
                .toString()).getSpec().getSelector().getMatchLabels());
        Set<String> containerPorts = container().getPorts().stream().map(V1ContainerPort::getName)
                .collect(Collectors.toSet());
        assertThat(service.getSpec().getPorts()).extracting(V1ServicePort::getTargetPort)
                .allSatisfy(target -> assertThat(containerPorts).contains(target.getStrValue()));
    }
}
