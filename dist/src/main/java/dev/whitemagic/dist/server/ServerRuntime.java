package dev.whitemagic.dist.server;

import java.util.Locale;

/** The application server that runs the WAR ({@code WM_RUNTIME}). */
enum ServerRuntime {

    PAYARA("Payara Micro"),
    WILDFLY("WildFly");

    private final String displayName;

    ServerRuntime(String displayName) {
        this.displayName = displayName;
    }

    /** The server's name as the console says it. */
    String displayName() {
        return displayName;
    }

    /**
     * {@code payara} or {@code wildfly}, in any case.
     *
     * @throws IllegalArgumentException for any other value
     */
    static ServerRuntime parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "payara" -> PAYARA;
            case "wildfly" -> WILDFLY;
            default -> throw new IllegalArgumentException("WM_RUNTIME must be payara or wildfly, not '" + value + "'");
        };
    }
}
