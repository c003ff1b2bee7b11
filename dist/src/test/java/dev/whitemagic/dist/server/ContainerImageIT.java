package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whitemagic.dist.RunningServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The container image the build writes ({@code target/whitemagic-image.tar}, Jib's docker-load format), read without
 * a container engine: its configuration and its layers, and, where the tests run as root, the server started from
 * the image's own file system (a read-only chroot with the image's user, C libraries and Java runtime, and empty
 * volumes at /tmp and the data directory, as the Kubernetes Deployment runs it) against a PostgreSQL of its own.
 */
class ContainerImageIT {

    private static final Path IMAGE = RunningServer.buildDirectory().resolve("whitemagic-image.tar");
    private static final String USER = "10001:10001";

    /** A file of the image: its mode and, for small files, its text. */
    private record Entry(String path, int mode, boolean directory, boolean link, String text) {
    }

    private static Map<String, byte[]> outerFiles() throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(IMAGE))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                files.put(entry.getName(), tar.readAllBytes());
            }
        }
        return files;
    }

    private static JsonObject manifest(Map<String, byte[]> files) {
        try (JsonReader reader = Json.createReader(new StringReader(
                new String(files.get("manifest.json"), StandardCharsets.UTF_8)))) {
            return reader.readArray().getJsonObject(0);
        }
    }

    private static JsonObject config(Map<String, byte[]> files) {
        try (JsonReader reader = Json.createReader(new StringReader(new String(
                files.get(manifest(files).getString("Config")), StandardCharsets.UTF_8)))) {
            return reader.readObject().getJsonObject("config");
        }
    }

    private static Map<String, String> environment(JsonObject config) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonString variable : config.getJsonArray("Env").getValuesAs(JsonString.class)) {
            String[] pair = variable.getString().split("=", 2);
            environment.put(pair[0], pair[1]);
        }
        return environment;
    }

    /** Every entry of every layer, by path (without the leading slash). */
    private static Map<String, Entry> layerEntries(Map<String, byte[]> files) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (JsonString layer : manifest(files).getJsonArray("Layers").getValuesAs(JsonString.class)) {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                    new ByteArrayInputStream(files.get(layer.getString()))))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    String path = entry.getName().replaceAll("/$", "");
                    String text = entry.isFile() && entry.getSize() < 4096
                            ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : null;
                    entries.put(path, new Entry(path, entry.getMode() & 07777, entry.isDirectory(),
                            entry.isSymbolicLink() || entry.isLink(), text));
                }
            }
        }
        return entries;
    }

    @Test
    void theConfiguration_runsThePackagedServer_asAnUnprivilegedUser_onPort8080() throws IOException {
        Map<String, byte[]> files = outerFiles();
        JsonObject config = config(files);

        assertThat(config.getString("User")).isEqualTo(USER);
        assertThat(config.getJsonArray("Entrypoint").getValuesAs(JsonString.class)).extracting(JsonString::getString)
                .startsWith("/opt/java/bin/java").endsWith("-jar", "/app/whitemagic-server.jar");
        assertThat(config.getJsonObject("ExposedPorts").keySet()).containsExactly("8080/tcp");
        assertThat(config.getString("WorkingDir")).isEqualTo("/var/lib/whitemagic");
        String tag = manifest(files).getJsonArray("RepoTags").getString(0);
        JsonObject labels = config.getJsonObject("Labels");
        assertThat(tag).isEqualTo("whitemagic-cloud:" + labels.getString("org.opencontainers.image.version"));
        assertThat(labels.getString("org.opencontainers.image.title")).isEqualTo("WhiteMagic Cloud");
        assertThat(labels.getString("org.opencontainers.image.revision")).matches("[0-9a-f]{12}|unknown");

        Map<String, String> environment = environment(config);
        assertThat(environment).containsEntry("WM_DATA_DIR", "/var/lib/whitemagic")
                .doesNotContainKeys("WM_DB_URL", "WM_DB_PASSWORD", "WM_ADMIN_TOKEN");
        List<String> serverOptions = List.of(environment.get("WM_JAVA_OPTS").split(" "));
        assertThat(serverOptions).as("the heap bounded by the container's memory, not a fixed size")
                .contains("-XX:MaxRAMPercentage=40").noneMatch(option -> option.startsWith("-Xmx"));
        assertThat(serverOptions).as("every other default of the launcher")
                .containsAll(Arrays.stream(ServerSettings.DEFAULT_JAVA_OPTS.split(" "))
                        .filter(option -> !option.startsWith("-Xmx")).toList());
    }

    @Test
    void theLayers_holdTheRuntimeItsCLibrariesAndTheServer_andNothingElse() throws IOException {
        Map<String, Entry> entries = layerEntries(outerFiles());

        assertThat(entries).containsKeys("opt/java/bin/java", "opt/java/lib/server/libjvm.so",
                "lib64/ld-linux-x86-64.so.2", "usr/lib/x86_64-linux-gnu/libc.so.6",
                "usr/lib/x86_64-linux-gnu/libstdc++.so.6", "app/whitemagic-server.jar", "app/whitemagic.war",
                "app/lib/payara-micro.jar", "app/lib/postgresql.jar", "etc/passwd", "etc/group");
        assertThat(entries.get("opt/java/bin/java").mode()).isEqualTo(0755);
        assertThat(entries.get("opt/java/lib/jspawnhelper").mode()).as("Java starts processes through it")
                .isEqualTo(0755);
        assertThat(entries.get("lib64/ld-linux-x86-64.so.2").mode()).isEqualTo(0755);
        assertThat(entries.get("etc/passwd").text()).contains("whitemagic:x:10001:10001:");
        assertThat(entries.get("var/lib/whitemagic").directory()).isTrue();
        assertThat(entries.get("var/lib/whitemagic").mode()).as("writable by the image's user").isEqualTo(0777);
        assertThat(entries.get("tmp").mode()).isEqualTo(0777);
        assertThat(entries.keySet()).as("the WAR is deployed as the file it is, not unpacked beside it")
                .noneMatch(path -> path.startsWith("app/unpacked-war"));
        assertThat(entries.values()).as("no links: a copy of each file").noneMatch(Entry::link);
        assertThat(entries.keySet()).as("no desktop libraries").noneMatch(path -> path.contains("libX11"));
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theImage_runsTheServer_asItsUser_againstAPostgreSqlOfItsOwn() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "starting the image's file system as a chroot needs root, as the CI machine has");
        Map<String, byte[]> files = outerFiles();
        JsonObject config = config(files);
        Path root = RunningServer.freshDirectory("image-root").toAbsolutePath();
        for (JsonString layer : manifest(files).getJsonArray("Layers").getValuesAs(JsonString.class)) {
            Path layerFile = root.resolveSibling("image-layer.tar.gz");
            Files.write(layerFile, files.get(layer.getString()));
            run("tar", "-xzpf", layerFile.toString(), "-C", root.toString());
            Files.delete(layerFile);
        }
        // What a container runtime provides: mount points for /proc and /dev, the network's name files. The
        // image's own file system is made read-only below, as the Deployment runs it.
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("dev"));
        for (String name : List.of("hosts", "resolv.conf")) {
            Path file = Path.of("/etc", name);
            if (Files.exists(file)) {
                Files.copy(file, root.resolve("etc").resolve(name));
            }
        }

        int port = RunningServer.freePort();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork",
                    "--kill-child", "--", "/bin/sh", "-c",
                    // As the Deployment runs it: the image read-only, empty volumes at /tmp and the data directory.
                    "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\""
                            + " && mount -t tmpfs -o mode=1777 tmpfs \"$0/tmp\""
                            + " && mount -t tmpfs -o uid=10001,gid=10001,mode=0700 tmpfs \"$0/var/lib/whitemagic\""
                            + " && mount -t proc proc \"$0/proc\" && mount --rbind /dev \"$0/dev\""
                            + " && exec chroot --userspec=" + USER + " \"$0\" \"$@\"",
                    root.toString()));
            config.getJsonArray("Entrypoint").getValuesAs(JsonString.class)
                    .forEach(argument -> command.add(argument.getString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.putAll(environment(config));
            environment.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            environment.put("WM_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
            environment.put("WM_DB_USER", "postgres");
            environment.put("WM_DB_PASSWORD", "unchecked");
            environment.put("WM_PORT", Integer.toString(port));
            Process container = builder.start();
            StringBuilder console = new StringBuilder();
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(container, console));
            try {
                assertThat(ready.get(4, TimeUnit.MINUTES)).as("the ready line; console:%n%s", console).isTrue();

                HttpClient http = HttpClient.newHttpClient();
                assertThat(get(http, port, "/health/ready").statusCode()).isEqualTo(200);
                HttpResponse<String> version = get(http, port, "/api/v1/version");
                assertThat(version.statusCode()).isEqualTo(200);
                assertThat(version.body()).contains("\"api_version\":\"v1\"");

                // ONNX Runtime's and the tokenizer's native libraries load with the image's C libraries alone.
                // The data directory is the container's own volume: seen through the launcher's mount namespace.
                long launcher = javaProcessesIn(root).keySet().stream()
                        .filter(pid -> commandLine(pid).contains("whitemagic-server.jar")).findFirst().orElseThrow();
                Path serverLog = Path.of("/proc", Long.toString(launcher), "root",
                        "var/lib/whitemagic/logs/server.log");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!(Files.exists(serverLog) && Files.readString(serverLog).contains("embedding model loaded"))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                assertThat(Files.readString(serverLog)).as("the server's log").contains("embedding model loaded");

                Map<Long, String> javas = javaProcessesIn(root);
                assertThat(javas).as("the launcher and the application server").hasSize(2);
                javas.forEach((pid, uid) -> assertThat(uid).as("uid of java process " + pid).isEqualTo("10001"));
                run("kill", "-TERM", Long.toString(launcher));
                assertThat(container.waitFor(2, TimeUnit.MINUTES)).as("stopped after SIGTERM").isTrue();
                assertThat(container.exitValue()).as("exit code; console:%n%s", console).isZero();
                assertThat(console.toString()).doesNotContain("embedded PostgreSQL");
            } finally {
                container.destroyForcibly();
                container.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the console until the ready line (true) or its end (false); after the ready line a thread reads on. */
    private static boolean readUntilReady(Process process, StringBuilder console) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (console) {
                    console.append(line).append('\n');
                }
                if (line.startsWith(RunningServer.READY_LINE)) {
                    // read on in the background, so that the server never blocks on a full pipe
                    Thread drain = new Thread(() -> drain(lines, console), "image-console");
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void drain(BufferedReader lines, StringBuilder console) {
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (console) {
                    console.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The java processes whose root is {@code root}, with the real uid of each. */
    private static Map<Long, String> javaProcessesIn(Path root) throws IOException {
        Map<Long, String> found = new HashMap<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(process.getFileName().toString());
                try {
                    if (Files.readSymbolicLink(process.resolve("root")).equals(root)
                            && commandLine(pid).startsWith("/opt/java/bin/java")) {
                        String uid = Files.readAllLines(process.resolve("status")).stream()
                                .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow()
                                .split("\\s+")[1];
                        found.put(pid, uid);
                    }
                } catch (IOException gone) {
                    // a process that ended while we looked
                }
            }
        }
        return found;
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
