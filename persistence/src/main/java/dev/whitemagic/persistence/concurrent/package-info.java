/** Work shared with other threads without ever waiting on one that has not begun. */
package dev.whitemagic.persistence.concurrent;
