/** Writing behind the requests: buffers that a background flush writes to the database in batches. */
package dev.whitemagic.persistence.writebehind;
