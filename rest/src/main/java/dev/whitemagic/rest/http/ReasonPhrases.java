package dev.whitemagic.rest.http;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Gives the HTTP/1.1 status line its standard reason phrase for the statuses this API answers that Payara's HTTP
 * layer (Grizzly) does not know: without it, a 429 goes out as {@code HTTP/1.1 429 CUSTOM}. Servlet 6 has no way to
 * set a reason phrase, so Grizzly's status table is extended once, when the application starts, before any request;
 * on a server without Grizzly this does nothing. HTTP/2 carries no reason phrase at all.
 */
@WebListener
public class ReasonPhrases implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ReasonPhrases.class.getName());

    /** Statuses of RFC 9110 and RFC 6585 that Grizzly 4 answers as "CUSTOM". */
    static final Map<Integer, String> MISSING = Map.of(
            422, "Unprocessable Content",
            428, "Precondition Required",
            429, "Too Many Requests",
            451, "Unavailable For Legal Reasons",
            511, "Network Authentication Required");

    private static final String GRIZZLY_STATUS = "org.glassfish.grizzly.http.util.HttpStatus";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // The server's own class loader sees Grizzly; the application's may not.
        register(event.getServletContext().getClass().getClassLoader());
    }

    /** @return whether the phrases were registered (false on a server without Grizzly) */
    static boolean register(ClassLoader loader) {
        Class<?> status;
        try {
            status = Class.forName(GRIZZLY_STATUS, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        try {
            Method register = status.getDeclaredMethod("register", int.class, String.class);
            register.setAccessible(true);
            Method lookUp = status.getMethod("getHttpStatus", int.class);
            Method reasonPhrase = status.getMethod("getReasonPhrase");
            for (Map.Entry<Integer, String> phrase : MISSING.entrySet()) {
                // An unknown code is looked up as a fresh status whose phrase is "CUSTOM".
                Object known = lookUp.invoke(null, phrase.getKey());
                if ("CUSTOM".equals(reasonPhrase.invoke(known))) {
                    register.invoke(null, phrase.getKey(), phrase.getValue());
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning(() -> "could not give HTTP statuses their reason phrases (" + e.getClass().getName()
                    + "); such statuses read CUSTOM on HTTP/1.1");
            return false;
        }
    }
}
