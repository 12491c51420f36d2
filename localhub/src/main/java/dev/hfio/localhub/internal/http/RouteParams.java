package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoType;
import java.util.List;
import java.util.Map;

/**
 * What a matched route pattern captured: the repo type, namespace and name (decoded; validated into
 * a {@link RepoKey} only when first asked, i.e. after counting and faults), single raw segments by
 * name, and the raw remaining segments.
 */
final class RouteParams {
  private final RepoType type;
  private final String ns;
  private final String name;
  private final Map<String, String> vars;
  private final List<String> rest;
  private RepoKey key;

  RouteParams(RepoType type, String ns, String name, Map<String, String> vars, List<String> rest) {
    this.type = type;
    this.ns = ns;
    this.name = name;
    this.vars = vars;
    this.rest = rest;
  }

  /**
   * The repo of the path; a name the Hub would not accept answers RepoNotFound, like a missing
   * repo.
   */
  RepoKey key() {
    if (key == null) {
      key =
          RepoAccess.urlKey(
              type, ns, name); // an invalid name answers like a missing repo (as the Hub)
    }
    return key;
  }

  RepoType type() {
    return type;
  }

  /** A single raw segment captured as {@code {name}}. */
  String get(String var) {
    return vars.get(var);
  }

  /** The raw remaining segments ({@code {x...}}). */
  List<String> rest() {
    return rest;
  }

  /** The remaining segments decoded and joined with '/' (raw and %2F-encoded revisions alike). */
  String restJoined() {
    return RevPath.join(rest);
  }

  /** The remaining segments as a revision, {@code main} when there are none. */
  String revOrMain() {
    String r = restJoined();
    return r.isEmpty() ? "main" : r;
  }

  /** The discussion number segment {@code {num}}. */
  int num() {
    String s = vars.get("num");
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw HubError.badRequest(
          "BadRequest", "Discussion number must be an integer, got '" + s + "'");
    }
  }
}
