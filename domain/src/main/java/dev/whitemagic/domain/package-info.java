/**
 * The business model of WhiteMagic Cloud: JPA entities with their behaviour and the pure rules, free of I/O and CDI.
 */
package dev.whitemagic.domain;
