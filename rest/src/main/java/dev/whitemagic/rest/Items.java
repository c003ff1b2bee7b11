package dev.whitemagic.rest;

import java.util.List;

/** A short list returned whole: {@code {"items": [...]}}. */
public record Items<T>(List<T> items) {
}
