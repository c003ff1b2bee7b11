/** The operator's credential for the admin API: configured tokens, compared in constant time. */
package dev.whitemagic.auth.admin;
