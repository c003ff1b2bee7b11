/** Storing, finding and deleting user accounts. */
package dev.whitemagic.persistence.user;
