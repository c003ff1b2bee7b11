/** PostgreSQL LISTEN/NOTIFY: publishing in the caller's transaction, and a dedicated listening connection. */
package dev.whitemagic.persistence.notify;
