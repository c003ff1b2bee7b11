/** The pages for people ({@code /docs}, {@code /dashboard}) in a real browser and over plain HTTP. */
package dev.whitemagic.dist.pages;
