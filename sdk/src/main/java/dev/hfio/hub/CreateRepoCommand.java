package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Creates a repo ({@code POST repos/create}). Exists so the two choices read as names, not as
 * {@code false, true}: public by default, and an existing repo is an error unless {@link
 * #existOk()}.
 *
 * <pre>{@code
 * String url = client.createRepo(RepoRef.dataset("me/ds")).privateRepo().existOk().call();
 * }</pre>
 */
public final class CreateRepoCommand {
  private final HubClient client;
  private final HubHttp http;
  private final RepoRef repo;
  private boolean isPrivate;
  private boolean existOk;

  CreateRepoCommand(HubClient client, HubHttp http, RepoRef repo) {
    this.client = client;
    this.http = http;
    this.repo = Objects.requireNonNull(repo, "repo");
  }

  /** Makes the new repo private (an existing repo's visibility is not changed). */
  public CreateRepoCommand privateRepo() {
    this.isPrivate = true;
    return this;
  }

  /**
   * An existing repo is not an error: {@link #call()} then returns its URL. This also holds when
   * the token may not create repos but can see the existing one.
   */
  public CreateRepoCommand existOk() {
    this.existOk = true;
    return this;
  }

  /** Creates the repo and returns its web URL. */
  public String call() {
    ErrorContext ctx = ErrorContext.of("create repo", repo, null, null);
    ObjectNode body = HubHttp.JSON.createObjectNode();
    body.put("name", repo.name());
    body.put("organization", repo.namespace());
    if (repo.type() != RepoType.MODEL) {
      body.put("type", repo.type().singular());
    }
    body.put("visibility", isPrivate ? "private" : "public");
    body.put("private", isPrivate);
    String web = http.web(repo).build().toString();
    try {
      JsonNode n =
          http.call(
                  HubRequests.post(http.api("repos/create").build(), HubRequests.json(body)),
                  HubHttp.Kind.COMMIT,
                  ctx)
              .json();
      return n.path("url").asText(web);
    } catch (HubException e) {
      if (existOk && e.status() == 409) {
        return web;
      }
      if (existOk
          && (e.status() == 401 || e.status() == 402 || e.status() == 403)
          && client.repoExists(repo)) {
        return web; // not allowed to create, but it is already there
      }
      throw e;
    }
  }
}
