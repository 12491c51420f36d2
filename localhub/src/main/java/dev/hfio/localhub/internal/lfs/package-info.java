/**
 * The content-addressed LFS object store, its size limits and the one-time upload/download tickets.
 * Not API.
 */
package dev.hfio.localhub.internal.lfs;
