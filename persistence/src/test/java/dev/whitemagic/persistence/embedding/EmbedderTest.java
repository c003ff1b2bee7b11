package dev.whitemagic.persistence.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.whitemagic.domain.embedding.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real model: a paraphrase is near, an unrelated text is far. */
class EmbedderTest {

    private static final Embedder EMBEDDER = LoadedEmbedder.load(new Embedder());

    @Test
    void aParaphrase_isNearerThanAnUnrelatedText() {
        List<float[]> vectors = EMBEDDER.embed(List.of("When is my kid's birthday?",
                "Emma's birthday (family). Emma turns seven on March 3",
                "Kubernetes deployment (ops). The staging cluster runs three replicas behind nginx"));

        assertThat(vectors).allSatisfy(v -> {
            assertThat(v).hasSize(Vectors.DIMENSIONS);
            assertThat(Vectors.dot(v, v)).isCloseTo(1f, within(1e-4f));
        });
        float related = Vectors.dot(vectors.get(0), vectors.get(1));
        float unrelated = Vectors.dot(vectors.get(0), vectors.get(2));
        assertThat(related).as("related").isGreaterThan(0.35f);
        assertThat(unrelated).as("unrelated").isLessThan(0.2f);
    }

    @Test
    void beforeItIsLoaded_nothingIsEmbedded() {
        Embedder notLoaded = new Embedder();

        assertThat(notLoaded.ready()).isFalse();
        assertThatThrownBy(() -> notLoaded.embed("x")).isInstanceOf(IllegalStateException.class);
    }
}
