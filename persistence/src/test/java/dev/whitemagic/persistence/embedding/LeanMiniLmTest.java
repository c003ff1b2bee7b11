package dev.whitemagic.persistence.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.whitemagic.domain.embedding.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session without arena and memory patterns computes what the library's own default session computes. */
class LeanMiniLmTest {

    @Test
    void sameVectorsAsTheLibrarysModel_forShortAndLongTexts() {
        List<TextSegment> texts = List.of(
                TextSegment.from("When is my kid's birthday?"),
                TextSegment.from("Kubernetes deployment (ops). The staging cluster runs three replicas behind nginx"),
                TextSegment.from("PostgreSQL replication lag ".repeat(120)));

        List<Embedding> lean = new LeanMiniLm(Runnable::run).embedAll(texts).content();
        List<Embedding> library = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run).embedAll(texts).content();

        assertThat(lean).hasSize(3);
        for (int i = 0; i < texts.size(); i++) {
            float[] a = Vectors.normalised(lean.get(i).vector());
            float[] b = Vectors.normalised(library.get(i).vector());
            assertThat(a).hasSize(Vectors.DIMENSIONS);
            assertThat(Vectors.dot(a, b)).as("cosine of text %d", i).isGreaterThan(0.9999f);
        }
    }

    @Test
    void knowsItsDimensionWithoutEmbedding() {
        assertThat(new LeanMiniLm(Runnable::run).dimension()).isEqualTo(Vectors.DIMENSIONS);
    }
}
