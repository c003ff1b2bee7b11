package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdleFootprintTest {

    private static final String PROPERTY = "jdk.nio.maxCachedBufferSize";

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(PROPERTY);
        System.clearProperty(PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }

    @Test
    void withoutASetting_largeTemporaryNioBuffersAreNotKeptByTheirThreads() {
        IdleFootprint.boundNioBufferCache();

        assertThat(System.getProperty(PROPERTY)).isEqualTo("262144");
    }

    @Test
    void anOperatorsOwnSetting_wins() {
        System.setProperty(PROPERTY, "0");

        IdleFootprint.boundNioBufferCache();

        assertThat(System.getProperty(PROPERTY)).isEqualTo("0");
    }

    @Test
    void theServerGetsTwoMallocArenas_unlessTheOperatorChoseANumber() {
        assertThat(IdleFootprint.serverEnvironment(Map.of("PATH", "/usr/bin")))
                .isEqualTo(Map.of("MALLOC_ARENA_MAX", "2"));
        assertThat(IdleFootprint.serverEnvironment(Map.of("MALLOC_ARENA_MAX", "8"))).isEmpty();
    }
}
