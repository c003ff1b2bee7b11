/**
 * Integration tests against the packaged server: {@link dev.whitemagic.dist.RunningServer} starts one,
 * {@link dev.whitemagic.dist.SharedServer} shares one across a whole test run.
 */
package dev.whitemagic.dist;
