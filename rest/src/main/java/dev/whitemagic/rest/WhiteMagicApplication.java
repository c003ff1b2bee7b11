package dev.whitemagic.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application, mapped at the context root so that every path, also outside
 * {@code /api/v1}, is answered by this application and its problem-details error mapping.
 */
@ApplicationPath("/")
public class WhiteMagicApplication extends Application {
}
