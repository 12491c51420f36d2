package dev.hfio.localhub.internal.error;

import dev.hfio.localhub.internal.storage.RefNames;
import dev.hfio.localhub.internal.storage.RepoPaths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure answered to the client as an HTTP status plus {@code X-Error-Code}/{@code
 * X-Error-Message} headers and a JSON body {@code {"error": message}}. Thrown anywhere in localhub;
 * the HTTP layer turns it into the response.
 */
public final class HubError extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, Object> extraBody = new LinkedHashMap<>();

  public HubError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> extraBody() {
    return extraBody;
  }

  /** Adds a field to the JSON error body (e.g. {@code url} on a create-repo conflict). */
  public HubError with(String key, Object value) {
    extraBody.put(key, value);
    return this;
  }

  public static HubError repoNotFound(String repo) {
    return new HubError(
        404,
        "RepoNotFound",
        "Repository not found: "
            + repo
            + ". Check the repo id and type, and that your token can read it.");
  }

  public static HubError revisionNotFound(String repo, String rev) {
    return new HubError(404, "RevisionNotFound", "Invalid rev id: " + rev + " (repo " + repo + ")");
  }

  public static HubError entryNotFound(String repo, String rev, String path) {
    return new HubError(
        404,
        "EntryNotFound",
        "Entry not found: "
            + RepoPaths.shown(path)
            + " at revision "
            + RefNames.shown(rev)
            + " in "
            + repo);
  }

  public static HubError badRequest(String code, String message) {
    return new HubError(400, code, message);
  }
}
