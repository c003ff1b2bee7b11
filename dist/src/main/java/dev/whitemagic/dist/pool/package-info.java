/**
 * What the application server's connection pool runs on the application's behalf: code inside the WAR that the
 * data source definition in {@code web.xml} names.
 */
package dev.whitemagic.dist.pool;
