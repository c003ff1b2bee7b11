/**
 * In-container tests: Arquillian deploys the packaged WAR on a managed Payara Micro, against a real
 * PostgreSQL, and runs these tests inside it.
 */
package dev.whitemagic.dist.container;
