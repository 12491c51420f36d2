/** Counters and injected faults behind {@link dev.hfio.localhub.HubAdmin}. Not API. */
package dev.hfio.localhub.internal.ops;
