package dev.whitemagic.persistence.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.whitemagic.domain.embedding.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * all-MiniLM-L6-v2 (int8), the same model files and pooling as LangChain4j's
 * {@link AllMiniLmL6V2QuantizedEmbeddingModel}, in an ONNX Runtime session sized for a server that embeds one short
 * text at a time and then sits idle: without ONNX Runtime's CPU arena and memory patterns, which keep the largest
 * buffers ever needed for as long as the session lives, so memory is taken per run and given back after it (an
 * idle server held ~40 MB less, at the same embedding speed). Its files are read from their jars
 * ({@link JarResources}), so the class loader keeps no copy of them.
 */
final class LeanMiniLm extends AbstractInProcessEmbeddingModel {

    private static final String MODEL = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    /** Loads the model; {@code executor} embeds the texts of one call (the caller's own thread: {@code Runnable::run}). */
    LeanMiniLm(Executor executor) {
        super(executor);
        JarResources.prepareNativeLibraries(OrtEnvironment.class, HuggingFaceTokenizer.class);
        try (InputStream model = JarResources.open(AllMiniLmL6V2QuantizedEmbeddingModel.class, MODEL);
             InputStream tokenizer = JarResources.open(AllMiniLmL6V2QuantizedEmbeddingModel.class, TOKENIZER)) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setCPUArenaAllocator(false);
                options.setMemoryPatternOptimization(false);
                // ONNX Runtime's own worker threads otherwise spin, waiting for the next run, after every run: on
                // two cores a search's query embedding left one spinning through the vector scan that follows
                // (27 ms of CPU per search, its p95 58 -> 45 ms without).
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                OrtSession session = environment.createSession(model.readAllBytes(), options);
                encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model from the class path", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the embedding model", e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return Vectors.DIMENSIONS;
    }
}
