package dev.whitemagic.dist.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A tiny jar of some of the launcher's own class files, written for the Payara Micro process to load. */
final class ClassJar {

    private ClassJar() {
    }

    /**
     * Writes {@code jar} (replacing it at once, never half written) with the named classes, as the launcher's class
     * path holds them, and a manifest with {@code attributes} besides its version.
     */
    static Path write(Path jar, Attributes attributes, String... classNames) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putAll(attributes);
        Files.createDirectories(jar.toAbsolutePath().getParent());
        Path written = Files.createTempFile(jar.toAbsolutePath().getParent(), "classes", ".jar");
        try (OutputStream file = Files.newOutputStream(written);
             JarOutputStream classes = new JarOutputStream(file, manifest)) {
            for (String className : classNames) {
                String classFile = className.replace('.', '/') + ".class";
                try (InputStream bytes = ClassJar.class.getClassLoader().getResourceAsStream(classFile)) {
                    if (bytes == null) {
                        throw new IOException(classFile + " not found on the launcher's class path");
                    }
                    classes.putNextEntry(new JarEntry(classFile));
                    bytes.transferTo(classes);
                    classes.closeEntry();
                }
            }
        }
        return Files.move(written, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
