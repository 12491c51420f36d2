package dev.hfio.hub;

import static dev.hfio.hub.HubRequests.checkArg;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Lists a repo tree ({@code GET tree}), following pagination. Exists so a listing names what it
 * wants instead of passing {@code true, false}: by default the direct children of the root at main,
 * without last commits.
 *
 * <pre>{@code
 * for (TreeEntry e : client.listTree(repo).revision(sha).path("data").recursive().call()) { ... }
 * Iterator<TreeEntry> lazy = client.listTree(repo).revision(sha).recursive().iterate();
 * }</pre>
 */
public final class ListTreeCommand {
  private final HubHttp http;
  private final RepoRef repo;
  private String revision = "main";
  private String path = "";
  private boolean recursive;
  private boolean expand;

  ListTreeCommand(HubHttp http, RepoRef repo) {
    this.http = http;
    this.repo = Objects.requireNonNull(repo, "repo");
  }

  /** The branch, tag, {@code refs/...} or commit sha to list (default main). */
  public ListTreeCommand revision(String revision) {
    checkArg(
        revision != null && !revision.isBlank(),
        "list files of %s: the revision must not be empty",
        repo);
    this.revision = revision;
    return this;
  }

  /**
   * The directory to list ("" or "/" is the root, the default); leading and trailing slashes are
   * ignored.
   */
  public ListTreeCommand path(String path) {
    Objects.requireNonNull(path, "path");
    String p = RepoPaths.trimSlashes(path);
    checkArg(
        !p.contains("//") && !("/" + p + "/").contains("/../"),
        "list files of %s: '%s' is not a repo directory (no empty or '..' segments)",
        repo,
        path);
    this.path = p;
    return this;
  }

  /** Lists every descendant file and directory instead of the direct children. */
  public ListTreeCommand recursive() {
    this.recursive = true;
    return this;
  }

  /** Adds each entry's last commit (slower on the Hub, smaller pages). */
  public ListTreeCommand expand() {
    this.expand = true;
    return this;
  }

  /** The entries, lazily: each page is fetched when the previous one is consumed. */
  public Iterator<TreeEntry> iterate() {
    HttpUrl.Builder u = http.api(repo).addPathSegment("tree").addPathSegment(revision);
    if (!path.isEmpty()) {
      u.addEncodedPathSegment(
          PathQuoting.quote(path, false)); // slashes become %2F, as huggingface_hub sends them
    }
    u.addQueryParameter("recursive", String.valueOf(recursive))
        .addQueryParameter("expand", String.valueOf(expand));
    return new PagedIterator<>(
        http, u.build(), ErrorContext.of("list files", repo, revision, path), TreeEntry::from);
  }

  /** Every entry, collected. */
  public List<TreeEntry> call() {
    List<TreeEntry> out = new ArrayList<>();
    iterate().forEachRemaining(out::add);
    return out;
  }
}
