package dev.whitemagic.auth.admin;

import java.security.Principal;

/** An operator authenticated with an admin token; its only group is {@link #ROLE}. */
public record AdminPrincipal() implements Principal {

    /** The role of the admin API. */
    public static final String ROLE = "admin";

    @Override
    public String getName() {
        return "admin";
    }
}
