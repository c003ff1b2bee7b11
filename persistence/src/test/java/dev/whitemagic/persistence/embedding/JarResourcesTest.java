package dev.whitemagic.persistence.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The model's files come straight from their jars, byte for byte what the class loader would give. */
class JarResourcesTest {

    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    @Test
    void open_fromTheJar_readsWhatTheClassLoaderReads() throws IOException {
        assertThat(JarResources.jarOf(AllMiniLmL6V2QuantizedEmbeddingModel.class)).hasValueSatisfying(
                jar -> assertThat(jar.getFileName().toString()).endsWith(".jar"));

        byte[] fromJar;
        try (InputStream in = JarResources.open(AllMiniLmL6V2QuantizedEmbeddingModel.class, TOKENIZER)) {
            fromJar = in.readAllBytes();
        }
        byte[] fromLoader;
        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream("/" + TOKENIZER)) {
            fromLoader = in.readAllBytes();
        }
        assertThat(fromJar).hasSizeGreaterThan(100_000).isEqualTo(fromLoader);
    }

    @Test
    void open_aClassOutsideAJar_asksTheClassLoader_andAMissingFileIsAnError() throws IOException {
        assertThat(JarResources.jarOf(JarResourcesTest.class)).isEmpty();
        try (InputStream in = JarResources.open(JarResourcesTest.class,
                "dev/whitemagic/persistence/embedding/JarResourcesTest.class")) {
            assertThat(in.readAllBytes()).isNotEmpty();
        }

        assertThatThrownBy(() -> JarResources.open(AllMiniLmL6V2QuantizedEmbeddingModel.class, "no-such-file"))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-file");
    }

    @Test
    void nativeLibraries_areCopiedOutOfTheirJars_andBothLibrariesPointedThere() {
        JarResources.prepareNativeLibraries(OrtEnvironment.class, HuggingFaceTokenizer.class);

        // The JVM's settings: an operator's own would have been kept; this build sets none.
        Path onnx = Path.of(System.getProperty(JarResources.ONNXRUNTIME_NATIVE_PATH));
        assertThat(onnx.resolve(System.mapLibraryName("onnxruntime"))).isRegularFile();
        assertThat(onnx.resolve(System.mapLibraryName("onnxruntime4j_jni"))).isRegularFile();
        Path tokenizers = Path.of(System.getProperty(JarResources.TOKENIZERS_LIBRARY));
        assertThat(tokenizers).isRegularFile().hasFileName(System.mapLibraryName("tokenizers"));
        assertThat(tokenizers.toFile().length()).isGreaterThan(1_000_000);
        assertThat(Files.isDirectory(onnx)).isTrue();

        // The model loads with them.
        assertThat(new LeanMiniLm(Runnable::run).embed("warm up").content().vector()).hasSize(384);
    }
}
