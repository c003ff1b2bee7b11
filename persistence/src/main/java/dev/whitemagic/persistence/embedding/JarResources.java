package dev.whitemagic.persistence.embedding;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Logger;

/**
 * Reads the embedding model's big files (the model, 23 MB; ONNX Runtime's native library, 17 MB; the tokenizer's,
 * 14 MB) straight from the jars that carry them.
 * <p>
 * Payara's web application class loader reads every resource it is asked for ({@code getResource} and
 * {@code getResourceAsStream} alike) into a byte array that it keeps for as long as the application runs. Loaded
 * through it, those files would stay on the heap after the model is loaded, ~55 MB of it, for nothing. Read from
 * the jar file itself, nothing is kept. Where a class does not come from a jar file on disk (classes in a directory,
 * an application server's virtual file system), its class loader is asked as before.
 */
final class JarResources {

    private static final Logger LOG = Logger.getLogger(JarResources.class.getName());

    /** ONNX Runtime loads its libraries from this directory when it is set (read once, when it starts). */
    static final String ONNXRUNTIME_NATIVE_PATH = "onnxruntime.native.path";

    /** The Hugging Face tokenizer (DJL) loads its library from this file when it is set. */
    static final String TOKENIZERS_LIBRARY = "RUST_LIBRARY_PATH";

    private static boolean nativesPrepared;

    private JarResources() {
    }

    /**
     * @param anchor a class of the jar that holds the resource
     * @param name the resource's path in that jar, without a leading slash
     * @throws IOException if the resource is in neither the jar nor the class loader
     */
    static InputStream open(Class<?> anchor, String name) throws IOException {
        Optional<Path> jar = jarOf(anchor);
        if (jar.isPresent()) {
            JarFile file = new JarFile(jar.get().toFile());
            JarEntry entry = file.getJarEntry(name);
            if (entry != null) {
                return new FilterInputStream(file.getInputStream(entry)) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            file.close();
                        }
                    }
                };
            }
            file.close();
        }
        InputStream in = anchor.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IOException(name + " is not on the class path");
        }
        return in;
    }

    /**
     * Copies ONNX Runtime's and the tokenizer's native libraries for this platform out of their jars into a
     * directory deleted when the JVM exits, and points both libraries there, so that neither reads them through the
     * class loader. Must run before ONNX Runtime or the tokenizer first loads. Done once; a setting the operator
     * made wins; on a platform whose libraries are not found this way, the libraries load themselves as before.
     *
     * @param onnxRuntime a class of ONNX Runtime's jar
     * @param tokenizers a class of the tokenizer's jar
     */
    static synchronized void prepareNativeLibraries(Class<?> onnxRuntime, Class<?> tokenizers) {
        if (nativesPrepared) {
            return;
        }
        nativesPrepared = true;
        Optional<String[]> platform = platform();
        if (platform.isEmpty()) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("whitemagic-natives");
            dir.toFile().deleteOnExit();
            if (System.getProperty(ONNXRUNTIME_NATIVE_PATH) == null
                    && copy(onnxRuntime, "ai/onnxruntime/native/" + platform.get()[0] + "/", dir,
                            System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni"))) {
                System.setProperty(ONNXRUNTIME_NATIVE_PATH, dir.toString());
            }
            String tokenizerLibrary = System.mapLibraryName("tokenizers");
            if (System.getenv(TOKENIZERS_LIBRARY) == null && System.getProperty(TOKENIZERS_LIBRARY) == null
                    && copy(tokenizers, "native/lib/" + platform.get()[1] + "/cpu/", dir, tokenizerLibrary)) {
                System.setProperty(TOKENIZERS_LIBRARY, dir.resolve(tokenizerLibrary).toString());
            }
        } catch (IOException e) {
            LOG.warning(() -> "the embedding libraries load through the class loader (" + e.getClass().getName()
                    + "): the heap keeps a copy of them");
        }
    }

    /** ONNX Runtime's and the tokenizer's names of this platform, for Linux on x86-64 and ARM64. */
    private static Optional<String[]> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return Optional.empty();
        }
        return switch (arch) {
            case "amd64", "x86_64" -> Optional.of(new String[] {"linux-x64", "linux-x86_64"});
            case "aarch64" -> Optional.of(new String[] {"linux-aarch64", "linux-aarch64"});
            default -> Optional.empty();
        };
    }

    /** Copies every named file of {@code folder} in the anchor's jar to {@code dir}; false if one is missing. */
    private static boolean copy(Class<?> anchor, String folder, Path dir, String... names) throws IOException {
        Optional<Path> jar = jarOf(anchor);
        if (jar.isEmpty()) {
            return false;
        }
        try (JarFile file = new JarFile(jar.get().toFile())) {
            for (String name : names) {
                if (file.getJarEntry(folder + name) == null) {
                    return false;
                }
            }
            for (String name : names) {
                Path target = dir.resolve(name);
                target.toFile().deleteOnExit();
                try (InputStream in = file.getInputStream(file.getJarEntry(folder + name))) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return true;
        }
    }

    /** The jar file on disk that the class was loaded from, if it was. */
    static Optional<Path> jarOf(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
