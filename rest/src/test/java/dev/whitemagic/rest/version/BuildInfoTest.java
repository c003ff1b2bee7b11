package dev.whitemagic.rest.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    private static Properties props(String version, String revision) {
        Properties p = new Properties();
        p.setProperty("version", version);
        p.setProperty("revision", revision);
        return p;
    }

    @Test
    void filteredProperties_areTheAnswer() {
        VersionResponse v = new BuildInfo(props("1.2.3", "abc123def456")).version();
        assertThat(v).isEqualTo(new VersionResponse("1.2.3", "v1", "abc123def456"));
    }

    @Test
    void unfilteredPlaceholder_readsAsUnknown() {
        VersionResponse v = new BuildInfo(props("1.2.3", "${git.commit.id.abbrev}")).version();
        assertThat(v.revision()).isEqualTo("unknown");
    }

    @Test
    void packagedBuild_knowsItsVersion() {
        assertThat(new BuildInfo().version().version()).isNotEqualTo("unknown").doesNotContain("${");
    }
}
