/**
 * The one failure type localhub answers with: {@link dev.hfio.localhub.internal.error.HubError}
 * carries status, {@code X-Error-Code} and a message safe to show the client. Not API.
 */
package dev.hfio.localhub.internal.error;
