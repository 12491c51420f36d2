package dev.hfio.hub;

import static dev.hfio.hub.HubRequests.get;
import static dev.hfio.hub.HubRequests.json;
import static dev.hfio.hub.HubRequests.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.errors.HfIOException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Java client for the Hugging Face Hub HTTP API (and localhub). Thread-safe; share one instance.
 *
 * <p>Calls: {@link #whoami}, {@link #createRepo}, {@link #deleteRepo}, {@link #repoInfo}, {@link
 * #resolveRevision}, {@link #listTree}, {@link #pathsInfo}, {@link #listRefs}, {@link
 * #listCommits}, branches and tags, {@link #fileMetadata}, {@link #readRange}, {@link #openStream},
 * {@link #openChannel}, {@link #preupload}, {@link #uploadLfs}, {@link #commit}, {@link
 * #createPullRequest}, {@link #mergePullRequest}. The write path and multi-option calls return
 * JGit-style command objects: set what you need, then {@code call()}.
 *
 * <p>Failures throw typed {@link HubException}s. Retries follow the {@link RetryPolicy}; commits
 * are never blindly re-sent. The token is only sent to the endpoint's own host, never to redirect
 * targets elsewhere.
 *
 * <pre>{@code
 * HubClient hub = HubClient.fromEnvironment();                       // HF_ENDPOINT, HF_TOKEN, token file
 * HfPath dir = HfPath.parse("hf://datasets/ns/name@main/data");
 * String sha = hub.resolveRevision(dir.repo(), dir.revisionOrDefault()); // pin reads to one commit
 * for (TreeEntry e : hub.listTree(dir.repo()).revision(sha).path(dir.path()).recursive().call()) {
 *   try (HubFileChannel ch = hub.openChannel(dir.repo(), sha, e.path(), e.size(), HubClient.DEFAULT_READ_AHEAD)) {
 *     ...
 *   }
 * }
 * hub.commit(dir.repo()).branch("main").addFile("data/x.parquet", localFile).parentCommit(sha)
 *     .message("Add x").call();
 * // In Beam: carry hub.config() (Serializable) and call config.client() on workers.
 * }</pre>
 */
public final class HubClient {
  /** One connection pool and dispatcher per JVM; every client derives from it. */
  private static final OkHttpClient SHARED_BASE =
      new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  public static final int DEFAULT_READ_AHEAD = 1 << 20;

  private final HubClientConfig config;
  final HubHttp http;
  private final int uploadParallelism;

  private HubClient(HubClientConfig config, HubHttp http, int uploadParallelism) {
    this.config = config;
    this.http = http;
    this.uploadParallelism = uploadParallelism;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A client configured from HF_ENDPOINT / HF_TOKEN / token files, with default retries. */
  public static HubClient fromEnvironment() {
    return builder().build();
  }

  /**
   * The serializable configuration of this client (carry it into Beam DoFns, then call {@code
   * client()}).
   */
  public HubClientConfig config() {
    return config;
  }

  /** The endpoint, without trailing slash. */
  public String endpoint() {
    return config.endpoint();
  }

  @Override
  public String toString() {
    return "HubClient{endpoint="
        + config.endpoint()
        + ", token="
        + (config.hasToken() ? "***" : "none")
        + "}";
  }

  // ================================================================ account and repos

  /** {@code GET /api/whoami-v2}: the account behind the token. */
  public WhoAmI whoami() {
    ErrorContext ctx = ErrorContext.of("whoami");
    return WhoAmI.from(
        http.call(get(http.api("whoami-v2").build()), HubHttp.Kind.IDEMPOTENT, ctx).json());
  }

  /**
   * Creates a repo: {@code createRepo(repo).call()} (public, an existing repo is an error), or with
   * {@link CreateRepoCommand#privateRepo()} and {@link CreateRepoCommand#existOk()}.
   */
  public CreateRepoCommand createRepo(RepoRef repo) {
    return new CreateRepoCommand(this, http, repo);
  }

  /** Deletes a repo; a missing repo is a {@link RepoNotFoundException}. */
  public void deleteRepo(RepoRef repo) {
    ErrorContext ctx = ErrorContext.of("delete repo", repo, null, null);
    ObjectNode body = HubHttp.JSON.createObjectNode();
    body.put("name", repo.name());
    body.put("organization", repo.namespace());
    if (repo.type() != RepoType.MODEL) {
      body.put("type", repo.type().singular());
    }
    Request req =
        new Request.Builder().url(http.api("repos/delete").build()).delete(json(body)).build();
    http.call(req, HubHttp.Kind.COMMIT, ctx);
  }

  /** Deletes a repo if it exists; returns whether it did. */
  public boolean deleteRepoIfExists(RepoRef repo) {
    try {
      deleteRepo(repo);
      return true;
    } catch (RepoNotFoundException e) {
      return false;
    }
  }

  /**
   * Repo metadata at {@code revision} (null: default branch); {@link RepoInfo#sha()} is the
   * resolved commit.
   */
  public RepoInfo repoInfo(RepoRef repo, String revision) {
    ErrorContext ctx = ErrorContext.of("get repo info", repo, revision, null);
    HttpUrl.Builder u = http.api(repo);
    if (revision != null) {
      u.addPathSegment("revision").addPathSegment(revision);
    }
    return RepoInfo.from(repo, http.call(get(u.build()), HubHttp.Kind.IDEMPOTENT, ctx).json());
  }

  /**
   * Where {@code revision} points now and when that commit was made: {@link #repoInfo} asking only
   * for {@code sha} and {@code lastModified} ({@code expand}), so the answer carries no file list.
   * The cheapest call that tells whether a branch moved; watched reads make one per poll.
   */
  public RepoInfo revisionHead(RepoRef repo, String revision) {
    String rev = revision == null ? "main" : revision;
    ErrorContext ctx = ErrorContext.of("get revision head", repo, rev, null);
    HttpUrl u =
        http.api(repo)
            .addPathSegment("revision")
            .addPathSegment(rev)
            .addQueryParameter("expand", "sha")
            .addQueryParameter("expand", "lastModified")
            .build();
    return RepoInfo.from(repo, http.call(get(u), HubHttp.Kind.IDEMPOTENT, ctx).json());
  }

  /** True if the repo exists and is visible with this token. */
  public boolean repoExists(RepoRef repo) {
    try {
      repoInfo(repo, null);
      return true;
    } catch (GatedRepoException e) {
      return true;
    } catch (RepoNotFoundException e) {
      return false;
    }
  }

  /**
   * The 40-hex commit sha that {@code revision} (branch, tag, refs/..., ~parquet, sha) points to
   * now.
   */
  public String resolveRevision(RepoRef repo, String revision) {
    RepoInfo info = repoInfo(repo, revision == null ? "main" : revision);
    if (info.sha() == null || !info.sha().matches("[0-9a-f]{40}")) {
      throw new HubException(
          "resolve revision failed: the Hub gave no commit sha for "
              + repo
              + " revision '"
              + revision
              + "'",
          new HubException.ErrorDetails(200, null, null, null, repo, revision, null),
          null);
    }
    return info.sha();
  }

  // ================================================================ listing

  /**
   * Lists the tree of {@code repo}: set revision, path, recursive, expand on the command, then
   * {@code call()}.
   */
  public ListTreeCommand listTree(RepoRef repo) {
    return new ListTreeCommand(http, repo);
  }

  /** {@link #listTree(RepoRef)} at an hf:// location (its revision, default main, and its path). */
  public ListTreeCommand listTree(HfPath dir) {
    return listTree(dir.repo())
        .revision(dir.revisionOrDefault())
        .path(dir.path() == null ? "" : dir.path());
  }

  /** Looks up known paths ({@code POST paths-info}); missing ones are absent from the answer. */
  public PathsInfoCommand pathsInfo(RepoRef repo) {
    return new PathsInfoCommand(http, repo);
  }

  /**
   * {@link #pathsInfo(RepoRef)} of {@code paths} at {@code revision} (null: main), without last
   * commits.
   */
  public List<TreeEntry> pathsInfo(RepoRef repo, String revision, Collection<String> paths) {
    return pathsInfo(repo).revision(revision == null ? "main" : revision).paths(paths).call();
  }

  /** Branches, tags and conversion refs (refs/convert/parquet); pull requests are left out. */
  public GitRefs listRefs(RepoRef repo) {
    return refs(repo, false);
  }

  /** {@link #listRefs} plus the pull requests ({@code refs/pr/N}). */
  public GitRefs listRefsWithPullRequests(RepoRef repo) {
    return refs(repo, true);
  }

  private GitRefs refs(RepoRef repo, boolean includePrs) {
    HttpUrl.Builder u = http.api(repo).addPathSegment("refs");
    if (includePrs) {
      u.addQueryParameter("include_prs", "1");
    }
    return GitRefs.from(
        http.call(
                get(u.build()),
                HubHttp.Kind.IDEMPOTENT,
                ErrorContext.of("list refs", repo, null, null))
            .json());
  }

  /** Lazily walks the history of {@code revision}, newest first, following pagination. */
  public Iterator<CommitInfo> iterateCommits(RepoRef repo, String revision) {
    String rev = revision == null ? "main" : revision;
    HttpUrl url = http.api(repo).addPathSegment("commits").addPathSegment(rev).build();
    return new PagedIterator<>(
        http, url, ErrorContext.of("list commits", repo, rev, null), CommitInfo::from);
  }

  public List<CommitInfo> listCommits(RepoRef repo, String revision) {
    List<CommitInfo> out = new ArrayList<>();
    iterateCommits(repo, revision).forEachRemaining(out::add);
    return out;
  }

  // ================================================================ branches and tags

  /**
   * Creates {@code branch} at {@code startingPoint} (null: the default branch head); 409 if it
   * exists.
   */
  public void createBranch(RepoRef repo, String branch, String startingPoint) {
    ObjectNode body = HubHttp.JSON.createObjectNode();
    if (startingPoint != null) {
      body.put("startingPoint", startingPoint);
    }
    HttpUrl url = http.api(repo).addPathSegment("branch").addPathSegment(branch).build();
    http.call(
        post(url, json(body)),
        HubHttp.Kind.COMMIT,
        ErrorContext.of("create branch", repo, branch, null));
  }

  /** {@link #createBranch}, where an existing branch (left where it is) is not an error. */
  public void createBranchIfAbsent(RepoRef repo, String branch, String startingPoint) {
    try {
      createBranch(repo, branch, startingPoint);
    } catch (HubException e) {
      if (e.status() != 409) {
        throw e;
      }
    }
  }

  public void deleteBranch(RepoRef repo, String branch) {
    HttpUrl url = http.api(repo).addPathSegment("branch").addPathSegment(branch).build();
    http.call(
        new Request.Builder().url(url).delete().build(),
        HubHttp.Kind.COMMIT,
        ErrorContext.of("delete branch", repo, branch, null));
  }

  /** Tags {@code revision} (null: main) as {@code tag}; an existing tag is an error (409). */
  public void createTag(RepoRef repo, String tag, String revision, String message) {
    String rev = revision == null ? "main" : revision;
    ObjectNode body = HubHttp.JSON.createObjectNode().put("tag", tag);
    if (message != null) {
      body.put("message", message);
    }
    HttpUrl url = http.api(repo).addPathSegment("tag").addPathSegment(rev).build();
    http.call(
        post(url, json(body)),
        HubHttp.Kind.COMMIT,
        ErrorContext.of("create tag '" + tag + "'", repo, rev, null));
  }

  public void deleteTag(RepoRef repo, String tag) {
    HttpUrl url = http.api(repo).addPathSegment("tag").addPathSegment(tag).build();
    http.call(
        new Request.Builder().url(url).delete().build(),
        HubHttp.Kind.COMMIT,
        ErrorContext.of("delete tag", repo, tag, null));
  }

  // ================================================================ reading files

  /** The resolve URL of a file ({@code E/[datasets/]ns/name/resolve/<rev>/<path>}). */
  public String resolveUrl(RepoRef repo, String revision, String path) {
    return http.resolveUrl(repo, revision == null ? "main" : revision, trimSlashes(path))
        .toString();
  }

  /** HEAD on the resolve URL of an hf:// file. */
  public FileMetadata fileMetadata(HfPath file) {
    return fileMetadata(file.repo(), file.revisionOrDefault(), file.path());
  }

  /**
   * HEAD on the resolve URL: size, ETag, resolved commit, and the download URL. A redirect to
   * another origin (the Hub's CDN for LFS files) is not followed: its metadata is read from the
   * 302, as huggingface_hub does.
   */
  public FileMetadata fileMetadata(RepoRef repo, String revision, String path) {
    String rev = revision == null ? "main" : revision;
    ErrorContext ctx = ErrorContext.of("get file metadata", repo, rev, path);
    HubHttp.Buffered r = http.headMetadata(http.resolveUrl(repo, rev, trimSlashes(path)), ctx);
    return metadataOf(r);
  }

  /**
   * Metadata from a HEAD answer: a redirect's size is only {@code X-Linked-Size} (its
   * Content-Length is that of the redirect itself), a direct answer's {@code X-Linked-Size} or
   * {@code Content-Length}.
   */
  static FileMetadata metadataOf(HubHttp.Buffered r) {
    okhttp3.Headers h = r.headers();
    boolean redirect = r.code() >= 300 && r.code() < 400;
    String size =
        h.get("X-Linked-Size") != null
            ? h.get("X-Linked-Size")
            : redirect ? null : h.get("Content-Length");
    HttpUrl url = r.url();
    String etag = h.get("X-Linked-Etag") != null ? h.get("X-Linked-Etag") : h.get("ETag");
    if (etag != null) {
      etag = etag.replaceFirst("^W/", "").replace("\"", "");
    }
    return new FileMetadata(
        size == null ? -1 : Long.parseLong(size.trim()),
        etag,
        h.get("X-Repo-Commit"),
        url.toString());
  }

  /**
   * Reads {@code length} bytes at {@code offset} (fewer at end of file); truncated bodies are
   * resumed. At a commit sha, a file costs one {@code /resolve} per JVM: the redirect target (the
   * signed CDN URL of an LFS file) or the content of a small file the Hub serves itself is
   * remembered JVM-wide and later reads go straight to it (see the README, "Requests and quotas").
   */
  public byte[] readRange(RepoRef repo, String revision, String path, long offset, int length) {
    String rev = revision == null ? "main" : revision;
    ErrorContext ctx = ErrorContext.of("read file range", repo, rev, path);
    byte[] dst = new byte[length];
    int n =
        new ResolvedFile(http, repo, rev, trimSlashes(path), ctx).read(-1, offset, dst, 0, length);
    return n == length ? dst : java.util.Arrays.copyOf(dst, n);
  }

  /**
   * {@link #readRange(RepoRef, String, String, long, int)} into {@code dst[off, off + length)}, so
   * a caller that already holds a buffer (a Parquet row group's) gets the bytes without another
   * copy.
   *
   * @return bytes read: {@code length}, or fewer at end of file
   */
  public int readRange(
      RepoRef repo, String revision, String path, long offset, byte[] dst, int off, int length) {
    java.util.Objects.checkFromIndexSize(off, length, dst.length);
    String rev = revision == null ? "main" : revision;
    ErrorContext ctx = ErrorContext.of("read file range", repo, rev, path);
    return new ResolvedFile(http, repo, rev, trimSlashes(path), ctx)
        .read(-1, offset, dst, off, length);
  }

  /** Reads a whole file into memory (for small files such as README.md). */
  public byte[] readAllBytes(RepoRef repo, String revision, String path) {
    try (InputStream in = openStream(repo, revision, path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new HfIOException(
          "Reading '"
              + path
              + "' of "
              + repo
              + " at revision '"
              + revision
              + "' failed ("
              + e.getClass().getSimpleName()
              + "); retry later",
          e);
    }
  }

  /**
   * A streaming download from the start; a broken transfer is resumed with a Range request (counts
   * as retry).
   */
  public InputStream openStream(RepoRef repo, String revision, String path) {
    return openStream(repo, revision, path, 0);
  }

  public InputStream openStream(RepoRef repo, String revision, String path, long offset) {
    String rev = revision == null ? "main" : revision;
    return new ResumingInputStream(
        http,
        http.resolveUrl(repo, rev, trimSlashes(path)),
        offset,
        ErrorContext.of("download file", repo, rev, path));
  }

  /** A streaming download of an hf:// file. */
  public InputStream openStream(HfPath file) {
    return openStream(file.repo(), file.revisionOrDefault(), file.path(), 0);
  }

  /** A seekable read channel on an hf:// file of known size (-1: unknown, one HEAD). */
  public HubFileChannel openChannel(HfPath file, long knownSize, int readAhead) {
    return openChannel(file.repo(), file.revisionOrDefault(), file.path(), knownSize, readAhead);
  }

  /**
   * A seekable read channel on {@code path} with the default 1 MiB read-ahead; size by one HEAD.
   */
  public HubFileChannel openChannel(HfPath path) {
    return openChannel(path.repo(), path.revisionOrDefault(), path.path(), -1, DEFAULT_READ_AHEAD);
  }

  /**
   * A seekable read channel. {@code knownSize} (e.g. from a listing; -1 if unknown) avoids the HEAD
   * request; {@code readAhead} is the initial buffer size (it grows up to 8x for sequential reads).
   */
  public HubFileChannel openChannel(
      RepoRef repo, String revision, String path, long knownSize, int readAhead) {
    String rev = revision == null ? "main" : revision;
    return new HubFileChannel(
        new ResolvedFile(
            http, repo, rev, trimSlashes(path), ErrorContext.of("read file", repo, rev, path)),
        ErrorContext.of("read file", repo, rev, path),
        knownSize,
        readAhead);
  }

  // ================================================================ writing

  /** Asks the Hub how each file must be uploaded (inline or LFS) before any bytes are sent. */
  public PreuploadCommand preupload(RepoRef repo) {
    return new PreuploadCommand(http, repo);
  }

  /** Uploads LFS objects ahead of a commit that points at them ({@link CommitOperation.AddLfs}). */
  public UploadLfsCommand uploadLfs(RepoRef repo) {
    return new UploadLfsCommand(http, uploadParallelism, repo);
  }

  /**
   * One atomic commit to {@code repo}: add operations, set the branch (default main), message,
   * optional description, parent commit and pull request on the command, then {@code call()}.
   */
  public CommitCommand commit(RepoRef repo) {
    return new CommitCommand(this, http, repo);
  }

  /** Opens a pull request ({@code POST discussions} with {@code pullRequest: true}). */
  public PullRequest createPullRequest(RepoRef repo, String title, String description) {
    ObjectNode body =
        HubHttp.JSON
            .createObjectNode()
            .put("title", title)
            .put("description", description == null ? "" : description)
            .put("pullRequest", true);
    JsonNode n =
        http.call(
                post(http.api(repo).addPathSegment("discussions").build(), json(body)),
                HubHttp.Kind.COMMIT,
                ErrorContext.of("create pull request", repo, null, null))
            .json();
    int num = n.path("num").asInt();
    return new PullRequest(
        num,
        http.web(repo)
            .addPathSegment("discussions")
            .addPathSegment(String.valueOf(num))
            .build()
            .toString());
  }

  /** Merges pull request {@code number} into its target branch. */
  public void mergePullRequest(RepoRef repo, int number, String comment) {
    discussionAction(repo, number, "merge", HubHttp.JSON.createObjectNode(), comment, "merge");
  }

  /**
   * Closes pull request {@code number} without merging it ({@code POST discussions/{num}/status}
   * with status {@code closed}), with {@code comment} (may be null) posted as the reason.
   */
  public void closePullRequest(RepoRef repo, int number, String comment) {
    ObjectNode body = HubHttp.JSON.createObjectNode().put("status", "closed");
    discussionAction(repo, number, "status", body, comment, "close");
  }

  /**
   * {@code POST discussions/{number}/{action}} with {@code body} plus the optional comment; sent as
   * a commit (retried only when the Hub cannot have applied it).
   */
  private void discussionAction(
      RepoRef repo, int number, String action, ObjectNode body, String comment, String verb) {
    if (comment != null) {
      body.put("comment", comment);
    }
    HttpUrl url =
        http.api(repo)
            .addPathSegment("discussions")
            .addPathSegment(String.valueOf(number))
            .addPathSegment(action)
            .build();
    http.call(
        post(url, json(body)),
        HubHttp.Kind.COMMIT,
        ErrorContext.of(verb + " pull request #" + number, repo, "refs/pr/" + number, null));
  }

  // ================================================================ helpers

  private static String trimSlashes(String p) {
    return RepoPaths.trimSlashes(p);
  }

  /**
   * Configures a {@link HubClient}; unset values come from the environment ({@link
   * HubEnvironment}).
   */
  public static final class Builder {
    private HubEnvironment environment;
    private String endpoint;
    private String token;
    private boolean tokenSet;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Sleeper sleeper = Sleeper.SYSTEM;
    private OkHttpClient okHttpClient;
    private int uploadParallelism = 4;
    private int maxConcurrentRequests = RequestSlots.DEFAULT_MAX;

    private Builder() {}

    /** Where defaults are read from (default: the process environment). */
    public Builder environment(HubEnvironment env) {
      this.environment = env;
      return this;
    }

    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The token to use; null means anonymous (the environment is then not consulted). */
    public Builder token(String token) {
      this.token = token;
      this.tokenSet = true;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy);
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder readTimeout(Duration d) {
      this.readTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** How to wait between retries (tests inject a recording sleeper). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    /** A base okhttp client to derive from (default: one shared per JVM). */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = client;
      return this;
    }

    /**
     * Hub requests in flight at once in this JVM (default 16), shared by clients with the same cap.
     */
    public Builder maxConcurrentRequests(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be >= 1");
      }
      this.maxConcurrentRequests = n;
      return this;
    }

    /** Threads per multipart LFS upload (default 4). */
    public Builder uploadParallelism(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("uploadParallelism must be >= 1");
      }
      this.uploadParallelism = n;
      return this;
    }

    /** Takes endpoint, token, retry policy and timeouts from a config. */
    public Builder config(HubClientConfig c) {
      this.endpoint = c.endpoint();
      this.token = c.token();
      this.tokenSet = true;
      this.retryPolicy = c.retryPolicy();
      this.connectTimeout = c.connectTimeout();
      this.readTimeout = c.readTimeout();
      this.maxConcurrentRequests = c.maxConcurrentRequests();
      return this;
    }

    public HubClient build() {
      HubEnvironment env = environment == null ? HubEnvironment.system() : environment;
      String ep = endpoint != null ? endpoint : env.endpoint();
      String tk = tokenSet ? token : env.token().orElse(null);
      HubClientConfig cfg =
          new HubClientConfig(ep, tk, retryPolicy, connectTimeout, readTimeout)
              .withMaxConcurrentRequests(maxConcurrentRequests);
      HttpUrl base = HttpUrl.parse(cfg.endpoint());
      if (base == null) {
        throw new IllegalArgumentException(
            "Invalid Hub endpoint '"
                + cfg.endpoint()
                + "': expected an http(s) URL such as https://huggingface.co (check HF_ENDPOINT)");
      }
      OkHttpClient ok =
          (okHttpClient == null ? SHARED_BASE : okHttpClient)
              .newBuilder()
              .retryOnConnectionFailure(false)
              .connectTimeout(connectTimeout)
              .readTimeout(readTimeout)
              .writeTimeout(readTimeout)
              .addNetworkInterceptor(
                  new AuthInterceptor(
                      base, cfg.token(), "hfio/0.1; java/" + System.getProperty("java.version")))
              .build();
      return new HubClient(
          cfg,
          new HubHttp(ok, base, cfg.token(), retryPolicy, sleeper, maxConcurrentRequests),
          uploadParallelism);
    }
  }
}
