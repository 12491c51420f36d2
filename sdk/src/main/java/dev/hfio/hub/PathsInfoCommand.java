package dev.hfio.hub;

import static dev.hfio.hub.HubRequests.checkArg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.HttpUrl;

/**
 * Facts about specific paths ({@code POST paths-info}, batched by 500). Exists so a lookup of known
 * paths costs one request per 500 instead of a listing; missing paths are simply absent from the
 * answer, order follows the request.
 *
 * <pre>{@code
 * List<TreeEntry> found = client.pathsInfo(repo).revision(sha).paths(List.of("a.parquet", "b.parquet")).call();
 * }</pre>
 */
public final class PathsInfoCommand {
  static final int BATCH = 500;

  private final HubHttp http;
  private final RepoRef repo;
  private String revision = "main";
  private final List<String> paths = new ArrayList<>();
  private boolean expand;

  PathsInfoCommand(HubHttp http, RepoRef repo) {
    this.http = http;
    this.repo = Objects.requireNonNull(repo, "repo");
  }

  /** The branch, tag, {@code refs/...} or commit sha to look at (default main). */
  public PathsInfoCommand revision(String revision) {
    checkArg(
        revision != null && !revision.isBlank(),
        "get paths info of %s: the revision must not be empty",
        repo);
    this.revision = revision;
    return this;
  }

  /** Adds paths to look up (leading and trailing slashes are ignored). */
  public PathsInfoCommand paths(Collection<String> more) {
    for (String p : Objects.requireNonNull(more, "paths")) {
      checkArg(p != null, "get paths info of %s: a path is null", repo);
      paths.add(RepoPaths.trimSlashes(p));
    }
    return this;
  }

  /** Adds each entry's last commit. */
  public PathsInfoCommand expand() {
    this.expand = true;
    return this;
  }

  /** The entries found (none for no paths). */
  public List<TreeEntry> call() {
    List<TreeEntry> out = new ArrayList<>();
    HttpUrl url = http.api(repo).addPathSegment("paths-info").addPathSegment(revision).build();
    for (int i = 0; i < paths.size(); i += BATCH) {
      List<String> batch = paths.subList(i, Math.min(paths.size(), i + BATCH));
      FormBody.Builder form = new FormBody.Builder();
      batch.forEach(p -> form.add("paths", p));
      form.add("expand", String.valueOf(expand));
      ErrorContext ctx =
          ErrorContext.of(
              "get paths info", repo, revision, batch.size() == 1 ? batch.get(0) : null);
      JsonNode arr =
          http.call(HubRequests.post(url, form.build()), HubHttp.Kind.IDEMPOTENT, ctx).json();
      arr.forEach(n -> out.add(TreeEntry.from(n)));
    }
    return out;
  }
}
