/**
 * Repos on disk: one bare JGit repository per Hub repo, commits built in memory and published by
 * compare-and-set ref updates, LFS pointers and the per-repo visibility of LFS objects. Not API.
 */
package dev.hfio.localhub.internal.storage;
