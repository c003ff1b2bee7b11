package dev.whitemagic.dist.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * How a command on this machine reaches the admin API of a server the launcher runs: its HTTP port and the local admin
 * token the launcher gave it at this start ({@code WM_ADMIN_LOCAL_TOKEN}). The application accepts that token only from
 * a loopback address; without operator tokens its admin API stays hidden from everyone else.
 */
record LocalAdmin(int port, String token) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** 256 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String toProperties() {
        return "# the running WhiteMagic server's port and local admin token; removed when it stops\n"
                + "port=" + port + "\ntoken=" + token + "\n";
    }

    /** What a running launcher left in {@code file}, if it is there and complete. */
    static Optional<LocalAdmin> read(Path file) {
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file)));
            String port = properties.getProperty("port");
            String token = properties.getProperty("token");
            if (port == null || token == null || token.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new LocalAdmin(Integer.parseInt(port.trim()), token.trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "LocalAdmin[port=" + port + ", token=***]";
    }

    /** Something to do with a ready server's admin API; returns the command's exit code. */
    @FunctionalInterface
    interface Task {
        int run(LocalAdmin admin);
    }
}
