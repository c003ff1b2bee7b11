/**
 * The runnable server: starts PostgreSQL (embedded unless {@code WM_DB_URL} is set) and Payara Micro
 * with the WAR as a child process, and stops both cleanly.
 */
package dev.whitemagic.dist.server;
