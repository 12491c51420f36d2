/** Who is calling: bearer tokens (kept by their SHA-256) mapped to users and roles. Not API. */
package dev.hfio.localhub.internal.auth;
