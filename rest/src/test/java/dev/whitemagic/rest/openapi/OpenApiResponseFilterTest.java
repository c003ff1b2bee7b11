package dev.whitemagic.rest.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiResponseFilterTest {

    @Test
    void yaml_anOperationWithoutSecurity_getsAnEmptyList_theOthersStayAsTheyAre() {
        String yaml = String.join("\n",
                "openapi: 3.0.0",
                "paths:",
                "  /public:",
                "    get:",
                "      summary: open",
                "      responses:",
                "        \"200\":",
                "          description: ok",
                "    post:",
                "      security:",
                "      - bearerAuth: []",
                "  /other:",
                "    get:",
                "      summary: last",
                "components:",
                "  schemas:",
                "    get:",
                "      type: object",
                "");

        assertThat(OpenApiResponseFilter.withPublicOperationsYaml(yaml)).isEqualTo(String.join("\n",
                "openapi: 3.0.0",
                "paths:",
                "  /public:",
                "    get:",
                "      security: []",
                "      summary: open",
                "      responses:",
                "        \"200\":",
                "          description: ok",
                "    post:",
                "      security:",
                "      - bearerAuth: []",
                "  /other:",
                "    get:",
                "      security: []",
                "      summary: last",
                "components:",
                "  schemas:",
                "    get:",
                "      type: object",
                ""));
    }

    @Test
    void json_endpointsRemoved_andPublicOperationsGetAnEmptySecurityList() {
        String json = "{\"openapi\":\"3.0.0\",\"paths\":{\"/public\":{\"get\":{\"summary\":\"open\"},"
                + "\"parameters\":[]},\"/closed\":{\"post\":{\"security\":[{\"bearerAuth\":[]}]}}},"
                + "\"endpoints\":{\"/\":[\"/x\"]}}";

        assertThat(OpenApiResponseFilter.cleanedJson(json)).isEqualTo("{\"openapi\":\"3.0.0\",\"paths\":{\"/public\":"
                + "{\"get\":{\"summary\":\"open\",\"security\":[]},\"parameters\":[]},\"/closed\":{\"post\":"
                + "{\"security\":[{\"bearerAuth\":[]}]}}}}");
    }
}
