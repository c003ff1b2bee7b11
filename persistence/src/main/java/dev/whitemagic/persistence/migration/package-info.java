/**
 * Schema migrations: runs the Liquibase changelogs inside Hibernate's session factory build, before Hibernate
 * validates its mapping against the schema.
 */
package dev.whitemagic.persistence.migration;
