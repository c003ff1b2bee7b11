package dev.whitemagic.dist.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks the bundled PostgreSQL binaries where zonky's embedded PostgreSQL looks for them, before it would unpack
 * them itself. Zonky writes every file through an asynchronous file channel, on the JDK's shared pool of threads;
 * each of those threads leaves a glibc arena behind in the launcher, which then lives as long as the server: 10-15
 * MB more resident memory after a first start than after later ones. Here the files are written one after the other
 * on the calling thread.
 * <p>
 * Zonky's layout, which it checks before unpacking: a directory {@code PG-<MD5 of the archive, hex>} under its
 * working directory, complete once it holds a {@code .exists} file newer than everything else in it. Should that
 * layout change, zonky unpacks the archive again itself: slower and larger, never wrong.
 */
final class PostgresBinaries {

    /** The archive of zonky's binaries artifact for this platform (the launcher ships the Linux x86-64 one). */
    static final String ARCHIVE = "postgres-linux-x86_64.txz";

    static final String COMPLETE = ".exists";

    private PostgresBinaries() {
    }

    /**
     * Unpacks {@link #ARCHIVE} from the class path into {@code workingDir/PG-<md5>} unless it is there, complete.
     * Does nothing if the class path has no such archive (another platform's binaries: zonky finds and unpacks
     * them).
     *
     * @return the binaries' directory, or {@code null} if there is no archive to unpack
     */
    static Path unpack(Path workingDir) throws IOException {
        String md5 = md5(ARCHIVE);
        if (md5 == null) {
            return null;
        }
        Path target = workingDir.resolve("PG-" + md5);
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        // Unpacked beside the target and moved into place once complete: a start killed halfway leaves only a
        // directory that the next start deletes.
        Path partial = workingDir.resolve("PG-" + md5 + ".partial");
        DisposableDirectory.emptied(partial);
        try (InputStream archive = open(ARCHIVE);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                write(partial, entry, tar);
            }
        }
        Files.createFile(partial.resolve(COMPLETE));
        if (Files.exists(target)) {
            // zonky's own unfinished unpacking, or ours from before the move above existed: never complete
            DisposableDirectory.emptied(target);
            Files.delete(target);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static void write(Path root, TarArchiveEntry entry, InputStream content) throws IOException {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("the PostgreSQL archive has an entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
            return;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink() || entry.isLink()) {
            // as zonky does: the archive's hard links (the same library under two names) become symbolic links
            try {
                Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            } catch (FileAlreadyExistsException duplicate) {
                // the archive names it twice; the first one stays
            }
        } else if (entry.isFile()) {
            Files.copy(content, path);
            if ((entry.getMode() & 0100) != 0 || entry.getName().startsWith("bin/")
                    || entry.getName().startsWith("./bin/")) {
                if (!path.toFile().setExecutable(true, false)) {
                    throw new IOException("cannot make " + path + " executable");
                }
            }
        }
    }

    private static String md5(String resource) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
        try (InputStream archive = open(resource)) {
            if (archive == null) {
                return null;
            }
            try (DigestInputStream digesting = new DigestInputStream(archive, md5)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static InputStream open(String resource) {
        InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(resource);
        return in == null ? null : new BufferedInputStream(in, 1 << 16);
    }
}
