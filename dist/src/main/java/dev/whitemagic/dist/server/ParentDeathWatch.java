package dev.whitemagic.dist.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;

/**
 * A Java agent for the application server's process (Payara Micro or WildFly) that ends it when the launcher is gone.
 *
 * <p>A launcher killed with SIGKILL runs no shutdown hook, and the server would run on without it.
 * The launcher holds the write end of the server's standard input and never writes to it; the kernel closes it
 * when the launcher dies, however it dies, and this agent then exits the JVM (running the server's own
 * shutdown). The agent is written into its own tiny jar because {@code -javaagent} puts the agent's jar on
 * the system class path, where the launcher's libraries have no business.
 */
public final class ParentDeathWatch {

    private static final long HALT_AFTER_MILLIS = 60_000;

    private ParentDeathWatch() {
    }

    /** Entry point of the agent in the server's JVM. */
    public static void premain(String arguments) {
        Thread watch = new Thread(ParentDeathWatch::exitWhenStdinCloses, "whitemagic-parent-death-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void exitWhenStdinCloses() {
        byte[] ignored = new byte[256];
        try {
            while (System.in.read(ignored) >= 0) {
                // the launcher never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of input
        }
        System.err.println("whitemagic-server: the launcher is gone; stopping the server");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(1);
        }, "whitemagic-parent-death-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(1);
    }

    /** Writes the agent's jar (this class and a manifest naming it) to {@code jar}. */
    static Path writeAgentJar(Path jar) throws IOException {
        Attributes attributes = new Attributes();
        attributes.put(new Attributes.Name("Premain-Class"), ParentDeathWatch.class.getName());
        return ClassJar.write(jar, attributes, ParentDeathWatch.class.getName());
    }
}
