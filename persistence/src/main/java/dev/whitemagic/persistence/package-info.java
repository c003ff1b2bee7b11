/**
 * Everything that talks SQL: Liquibase migrations, the Hibernate integration and one repository per aggregate.
 */
package dev.whitemagic.persistence;
