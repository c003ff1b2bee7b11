/** Storing and querying API keys, including the one lookup every authenticated request makes. */
package dev.whitemagic.persistence.apikey;
