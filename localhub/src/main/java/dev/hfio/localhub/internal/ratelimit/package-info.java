/**
 * Fixed-window request quotas per principal and bucket, and the {@code RateLimit} headers that
 * report them. Not API.
 */
package dev.hfio.localhub.internal.ratelimit;
