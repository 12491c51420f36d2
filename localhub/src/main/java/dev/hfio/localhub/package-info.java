/**
 * localhub: a Hugging Face Hub-compatible server for tests, examples and shared hosts. The public
 * surface is small: {@link dev.hfio.localhub.LocalHub} (start/stop, builder knobs), {@link
 * dev.hfio.localhub.LocalHubExtension} (JUnit 5 lifecycle), {@link dev.hfio.localhub.HubAdmin}
 * (counters, faults, garbage collection), {@link dev.hfio.localhub.Fault}, {@link
 * dev.hfio.localhub.RouteClass}, {@link dev.hfio.localhub.Role}, {@link
 * dev.hfio.localhub.RateLimitPlan} and the command line {@link dev.hfio.localhub.Main}. Everything
 * under {@code internal} may change without notice. Start-up failures surface as {@link
 * java.io.UncheckedIOException} (port or data directory) or {@link IllegalArgumentException} (a
 * builder knob out of range); clients see Hub-style HTTP errors.
 */
package dev.hfio.localhub;
