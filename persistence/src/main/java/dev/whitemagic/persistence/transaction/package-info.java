/**
 * How a use case's transaction ends: its writes reach the database inside the use case.
 */
package dev.whitemagic.persistence.transaction;
