package dev.whitemagic.dist.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar whitemagic-server.jar create-user you@example.com [--plan pro]}: a user and its first API key in one
 * command, through the same admin use case as {@code POST /api/v1/admin/users}.
 *
 * <p>If a server runs on this data directory, the command asks it (its port and local admin token are in the data
 * directory while it is ready). Otherwise it starts one on a free port with the same settings (the embedded database
 * in {@code WM_DATA_DIR}, or {@code WM_DB_URL}), asks it and stops it again, which takes as long as a start.
 *
 * <p>The raw key is the only thing written to standard output, so that {@code KEY=$(java -jar … create-user …)}
 * works; everything for the person goes to standard error. Exit codes: 0 created, 1 refused or failed, 2 unusable
 * arguments or configuration.
 */
final class CreateUserCommand {

    static final String NAME = "create-user";
    static final String USAGE = "usage: java -jar whitemagic-server.jar create-user <email> [--plan free|starter|pro|enterprise]";
    private static final Duration WAIT_FOR_RUNNING_SERVER = Duration.ofMinutes(4);
    private static final Pattern RAW_KEY = Pattern.compile("\"key\"\\s*:\\s*\"(wm_[a-z]+_[A-Za-z0-9]{32})\"");
    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FIELD_ERROR = Pattern.compile(
            "\\{\\s*\"field\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern USER_ID = Pattern.compile("\"user\"\\s*:\\s*\\{[^}]*?\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final String email;
    private final String plan;
    private final PrintStream out;
    private final PrintStream err;

    private CreateUserCommand(String email, String plan, PrintStream out, PrintStream err) {
        this.email = email;
        this.plan = plan;
        this.out = out;
        this.err = err;
    }

    /** Runs the command named by {@code args[0]}; returns the exit code. */
    static int main(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.println("usage: java -jar whitemagic-server.jar           runs the server (see README: WM_* variables)");
            out.println("       " + USAGE.substring("usage: ".length()));
            return 0;
        }
        if (!args[0].equals(NAME)) {
            err.println("whitemagic-server: unknown command '" + args[0] + "'");
            err.println(USAGE);
            return 2;
        }
        Optional<CreateUserCommand> command = parse(List.of(args).subList(1, args.length), out, err);
        if (command.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        ServerSettings settings;
        Path home;
        try {
            settings = ServerSettings.from(env);
            home = WhiteMagicServer.installation(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("whitemagic-server: " + e.getMessage());
            return 2;
        }
        return command.get().run(settings, home);
    }

    static Optional<CreateUserCommand> parse(List<String> args, PrintStream out, PrintStream err) {
        String email = null;
        String plan = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--plan") && i + 1 < args.size()) {
                plan = args.get(++i);
            } else if (arg.startsWith("--plan=")) {
                plan = arg.substring("--plan=".length());
            } else if (!arg.startsWith("-") && email == null) {
                email = arg;
            } else {
                err.println("whitemagic-server: unexpected argument '" + arg + "'");
                return Optional.empty();
            }
        }
        if (email == null || email.isBlank()) {
            err.println("whitemagic-server: create-user needs the user's email");
            return Optional.empty();
        }
        return Optional.of(new CreateUserCommand(email.strip(),
                plan == null ? null : plan.strip().toLowerCase(Locale.ROOT), out, err));
    }

    String email() {
        return email;
    }

    String plan() {
        return plan;
    }

    private int run(ServerSettings settings, Path home) {
        if (isLocked(settings.lockFile())) {
            err.println("whitemagic-server: asking the server that runs on " + settings.dataDir());
            Optional<LocalAdmin> admin = awaitLocalAdmin(settings.localAdminFile());
            if (admin.isEmpty()) {
                err.println("whitemagic-server: the server on " + settings.dataDir() + " did not become ready within "
                        + WAIT_FOR_RUNNING_SERVER.toMinutes() + " minutes; try again once it is");
                return 1;
            }
            return createUser(admin.get(), admin.get().port());
        }
        err.println("whitemagic-server: no server runs on " + settings.dataDir()
                + "; starting one for this command (about half a minute)");
        WhiteMagicServer server = new WhiteMagicServer(settings.withPort(WhiteMagicServer.freePort()), home, err, err);
        return server.runFor(admin -> createUser(admin, settings.port()));
    }

    /** Whether a launcher holds the data directory's lock (it is released when that launcher's JVM ends). */
    private static boolean isLocked(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The running server's port and token; it writes them once it is ready, so a starting one is waited for. */
    private Optional<LocalAdmin> awaitLocalAdmin(Path file) {
        long deadline = System.nanoTime() + WAIT_FOR_RUNNING_SERVER.toNanos();
        boolean told = false;
        while (System.nanoTime() < deadline) {
            Optional<LocalAdmin> admin = LocalAdmin.read(file);
            if (admin.isPresent()) {
                return admin;
            }
            if (!told) {
                err.println("whitemagic-server: waiting for it to be ready");
                told = true;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** @param serverPort where the person's server answers, for the example printed after the key */
    private int createUser(LocalAdmin admin, int serverPort) {
        String body = "{\"email\":" + jsonString(email) + (plan == null ? "" : ",\"plan_tier\":" + jsonString(plan))
                + "}";
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.port() + "/api/v1/admin/users"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("whitemagic-server: the server on port " + admin.port() + " did not answer: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (response.statusCode() != 201) {
            String detail = find(DETAIL, response.body()).map(CreateUserCommand::unescape).orElse("no detail");
            err.println("whitemagic-server: the user was not created (" + response.statusCode() + "): " + detail);
            Matcher fieldError = FIELD_ERROR.matcher(response.body());
            while (fieldError.find()) {
                err.println("whitemagic-server:   " + ("plan_tier".equals(fieldError.group(1)) ? "--plan" : fieldError.group(1))
                        + ": " + unescape(fieldError.group(2)));
            }
            if (response.statusCode() == 409) {
                err.println("whitemagic-server: a user with that email exists; make another key for it with the"
                        + " dashboard, POST /api/v1/keys, or the admin API (POST /api/v1/admin/users/{id}/keys)");
            }
            return 1;
        }
        Optional<String> key = find(RAW_KEY, response.body());
        if (key.isEmpty()) {
            err.println("whitemagic-server: the server created the user but its answer held no key");
            return 1;
        }
        err.println("whitemagic-server: created " + email + " (plan " + (plan == null ? "free" : plan) + ", user "
                + find(USER_ID, response.body()).orElse("?") + "). Its API key, shown only now; keep it secret:");
        out.println(key.get());
        out.flush();
        err.println("whitemagic-server: try it: curl -H \"Authorization: Bearer <key>\" http://localhost:" + serverPort
                + "/api/v1/me, or sign in at http://localhost:" + serverPort + "/dashboard");
        return 0;
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text == null ? "" : text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static String unescape(String json) {
        return json.replace("\\\"", "\"").replace("\\\\", "\\").replace("\\n", " ");
    }

    static String jsonString(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
