/**
 * The HTTP layer: the route table ({@code Routes}), one controller per resource ({@code RepoApi},
 * {@code CommitApi}, {@code LfsApi}, {@code ResolveApi}, {@code TreeApi}, {@code DiscussionApi},
 * ...), the CDN origin and request parsing with limits. Every byte read here is treated as hostile.
 * Not API.
 */
package dev.hfio.localhub.internal.http;
