package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java client for the Hugging Face Hub HTTP API (and localhub). Thread-safe; share one instance.
 *
 * <p>Calls: {@link #whoami}, {@link #createRepo}, {@link #deleteRepo}, {@link #repoInfo}, {@link #resolveRevision},
 * {@link #listTree}/{@link #iterateTree}, {@link #pathsInfo}, {@link #listRefs}, {@link #listCommits}, branches and
 * tags, {@link #fileMetadata}, {@link #readRange}, {@link #openStream}, {@link #openChannel}, {@link #preupload},
 * {@link #uploadLfs}, {@link #commit}, {@link #createPullRequest}, {@link #mergePullRequest}.
 *
 * <p>Failures throw typed {@link HubException}s. Retries follow the {@link RetryPolicy}; commits are never blindly
 * re-sent. The token is only sent to the endpoint's own host, never to redirect targets elsewhere.
 *
 * <pre>{@code
 * HubClient hub = HubClient.fromEnvironment();                       // HF_ENDPOINT, HF_TOKEN, token file
 * HfPath dir = HfPath.parse("hf://datasets/ns/name@main/data");
 * String sha = hub.resolveRevision(dir.repo(), dir.revisionOrDefault()); // pin reads to one commit
 * for (TreeEntry e : hub.listTree(dir.repo(), sha, dir.path(), true, false)) {
 *   try (HubFileChannel ch = hub.openChannel(dir.repo(), sha, e.path(), e.size(), HubClient.DEFAULT_READ_AHEAD)) {
 *     ...
 *   }
 * }
 * hub.commit(dir.repo(), "main", List.of(CommitOperation.addFile("data/x.parquet", localFile)),
 *     CommitOptions.message("Add x").withParentCommit(sha));
 * // In Beam: carry hub.config() (Serializable) and call config.client() on workers.
 * }</pre>
 */
public final class HubClient {
  private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
  /** One connection pool and dispatcher per JVM; every client derives from it. */
  private static final OkHttpClient SHARED_BASE =
      new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  static final MediaType JSON_TYPE = MediaType.get("application/json");
  static final MediaType NDJSON_TYPE = MediaType.get("application/x-ndjson");
  static final MediaType LFS_TYPE = MediaType.get("application/vnd.git-lfs+json");
  static final int PATHS_INFO_BATCH = 500;
  static final int PREUPLOAD_BATCH = 256;
  static final int LFS_BATCH = 256;
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

  /** The serializable configuration of this client (carry it into Beam DoFns, then call {@code client()}). */
  public HubClientConfig config() {
    return config;
  }

  /** The endpoint, without trailing slash. */
  public String endpoint() {
    return config.endpoint();
  }

  @Override
  public String toString() {
    return "HubClient{endpoint=" + config.endpoint() + ", token=" + (config.hasToken() ? "***" : "none") + "}";
  }

  // ================================================================ account and repos

  /** {@code GET /api/whoami-v2}: the account behind the token. */
  public WhoAmI whoami() {
    ErrorContext ctx = ErrorContext.of("whoami");
    return WhoAmI.from(http.call(get(http.api("whoami-v2").build()), HubHttp.Kind.IDEMPOTENT, ctx).json());
  }

  /**
   * Creates a repo. Returns its web URL. With {@code existOk}, an existing repo is not an error.
   */
  public String createRepo(RepoRef repo, boolean isPrivate, boolean existOk) {
    ErrorContext ctx = ErrorContext.of("create repo", repo, null, null);
    ObjectNode body = HubHttp.JSON.createObjectNode();
    body.put("name", repo.name());
    body.put("organization", repo.namespace());
    if (repo.type() != RepoType.MODEL) {
      body.put("type", repo.type().singular());
    }
    body.put("visibility", isPrivate ? "private" : "public");
    body.put("private", isPrivate);
    try {
      JsonNode n = http.call(post(http.api("repos/create").build(), json(body)), HubHttp.Kind.COMMIT, ctx).json();
      return n.path("url").asText(http.web(repo).build().toString());
    } catch (HubException e) {
      if (existOk && e.status() == 409) {
        return http.web(repo).build().toString();
      }
      if (existOk && (e.status() == 401 || e.status() == 402 || e.status() == 403) && repoExists(repo)) {
        return http.web(repo).build().toString(); // not allowed to create, but it is already there
      }
      throw e;
    }
  }

  /** Deletes a repo; with {@code missingOk} a missing repo is not an error. */
  public void deleteRepo(RepoRef repo, boolean missingOk) {
    ErrorContext ctx = ErrorContext.of("delete repo", repo, null, null);
    ObjectNode body = HubHttp.JSON.createObjectNode();
    body.put("name", repo.name());
    body.put("organization", repo.namespace());
    if (repo.type() != RepoType.MODEL) {
      body.put("type", repo.type().singular());
    }
    Request req = new Request.Builder().url(http.api("repos/delete").build()).delete(json(body)).build();
    try {
      http.call(req, HubHttp.Kind.COMMIT, ctx);
    } catch (RepoNotFoundException e) {
      if (!missingOk) {
        throw e;
      }
    }
  }

  /** Repo metadata at {@code revision} (null: default branch); {@link RepoInfo#sha()} is the resolved commit. */
  public RepoInfo repoInfo(RepoRef repo, String revision) {
    ErrorContext ctx = ErrorContext.of("get repo info", repo, revision, null);
    HttpUrl.Builder u = http.api(repo);
    if (revision != null) {
      u.addPathSegment("revision").addPathSegment(revision);
    }
    return RepoInfo.from(repo, http.call(get(u.build()), HubHttp.Kind.IDEMPOTENT, ctx).json());
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

  /** The 40-hex commit sha that {@code revision} (branch, tag, refs/..., ~parquet, sha) points to now. */
  public String resolveRevision(RepoRef repo, String revision) {
    RepoInfo info = repoInfo(repo, revision == null ? "main" : revision);
    if (info.sha() == null || !info.sha().matches("[0-9a-f]{40}")) {
      throw new HubException("resolve revision failed: the Hub gave no commit sha for " + repo + " revision '"
          + revision + "'", new HubException.ErrorDetails(200, null, null, null, repo, revision, null), null);
    }
    return info.sha();
  }

  // ================================================================ listing

  /**
   * Lazily lists the tree under {@code path} ("" = root), following pagination. Non-recursive lists direct
   * children; recursive lists every descendant file and directory. {@code expand} adds lastCommit.
   */
  public Iterator<TreeEntry> iterateTree(RepoRef repo, String revision, String path, boolean recursive,
      boolean expand) {
    String rev = revision == null ? "main" : revision;
    String p = path == null ? "" : trimSlashes(path);
    HttpUrl.Builder u = http.api(repo).addPathSegment("tree").addPathSegment(rev);
    if (!p.isEmpty()) {
      u.addEncodedPathSegment(PathQuoting.quote(p, false)); // slashes become %2F, as huggingface_hub sends them
    }
    u.addQueryParameter("recursive", String.valueOf(recursive)).addQueryParameter("expand", String.valueOf(expand));
    return new PagedIterator<>(http, u.build(), ErrorContext.of("list files", repo, rev, p), TreeEntry::from);
  }

  /** {@link #iterateTree} on an hf:// location (its revision, default main). */
  public Iterator<TreeEntry> iterateTree(HfPath dir, boolean recursive, boolean expand) {
    return iterateTree(dir.repo(), dir.revisionOrDefault(), dir.path(), recursive, expand);
  }

  /** {@link #iterateTree} collected into a list. */
  public List<TreeEntry> listTree(RepoRef repo, String revision, String path, boolean recursive, boolean expand) {
    List<TreeEntry> out = new ArrayList<>();
    iterateTree(repo, revision, path, recursive, expand).forEachRemaining(out::add);
    return out;
  }

  /**
   * Facts about specific paths ({@code POST paths-info}, batched by 500). Missing paths are simply absent from the
   * answer; order follows the request.
   */
  public List<TreeEntry> pathsInfo(RepoRef repo, String revision, Collection<String> paths, boolean expand) {
    String rev = revision == null ? "main" : revision;
    List<String> all = new ArrayList<>(paths);
    List<TreeEntry> out = new ArrayList<>();
    HttpUrl url = http.api(repo).addPathSegment("paths-info").addPathSegment(rev).build();
    for (int i = 0; i < all.size(); i += PATHS_INFO_BATCH) {
      List<String> batch = all.subList(i, Math.min(all.size(), i + PATHS_INFO_BATCH));
      FormBody.Builder form = new FormBody.Builder();
      batch.forEach(p -> form.add("paths", trimSlashes(p)));
      form.add("expand", String.valueOf(expand));
      ErrorContext ctx = ErrorContext.of("get paths info", repo, rev, batch.size() == 1 ? batch.get(0) : null);
      JsonNode arr = http.call(post(url, form.build()), HubHttp.Kind.IDEMPOTENT, ctx).json();
      arr.forEach(n -> out.add(TreeEntry.from(n)));
    }
    return out;
  }

  /** Branches, tags, conversion refs (refs/convert/parquet) and, with {@code includePrs}, pull requests. */
  public GitRefs listRefs(RepoRef repo, boolean includePrs) {
    HttpUrl.Builder u = http.api(repo).addPathSegment("refs");
    if (includePrs) {
      u.addQueryParameter("include_prs", "1");
    }
    return GitRefs.from(http.call(get(u.build()), HubHttp.Kind.IDEMPOTENT,
        ErrorContext.of("list refs", repo, null, null)).json());
  }

  /** Lazily walks the history of {@code revision}, newest first, following pagination. */
  public Iterator<CommitInfo> iterateCommits(RepoRef repo, String revision) {
    String rev = revision == null ? "main" : revision;
    HttpUrl url = http.api(repo).addPathSegment("commits").addPathSegment(rev).build();
    return new PagedIterator<>(http, url, ErrorContext.of("list commits", repo, rev, null), CommitInfo::from);
  }

  public List<CommitInfo> listCommits(RepoRef repo, String revision) {
    List<CommitInfo> out = new ArrayList<>();
    iterateCommits(repo, revision).forEachRemaining(out::add);
    return out;
  }

  // ================================================================ branches and tags

  /** Creates {@code branch} at {@code startingPoint} (null: the default branch head). */
  public void createBranch(RepoRef repo, String branch, String startingPoint, boolean existOk) {
    ObjectNode body = HubHttp.JSON.createObjectNode();
    if (startingPoint != null) {
      body.put("startingPoint", startingPoint);
    }
    HttpUrl url = http.api(repo).addPathSegment("branch").addPathSegment(branch).build();
    try {
      http.call(post(url, json(body)), HubHttp.Kind.COMMIT, ErrorContext.of("create branch", repo, branch, null));
    } catch (HubException e) {
      if (!(existOk && e.status() == 409)) {
        throw e;
      }
    }
  }

  public void deleteBranch(RepoRef repo, String branch) {
    HttpUrl url = http.api(repo).addPathSegment("branch").addPathSegment(branch).build();
    http.call(new Request.Builder().url(url).delete().build(), HubHttp.Kind.COMMIT,
        ErrorContext.of("delete branch", repo, branch, null));
  }

  /** Tags {@code revision} (null: main) as {@code tag}. */
  public void createTag(RepoRef repo, String tag, String revision, String message, boolean existOk) {
    String rev = revision == null ? "main" : revision;
    ObjectNode body = HubHttp.JSON.createObjectNode().put("tag", tag);
    if (message != null) {
      body.put("message", message);
    }
    HttpUrl url = http.api(repo).addPathSegment("tag").addPathSegment(rev).build();
    try {
      http.call(post(url, json(body)), HubHttp.Kind.COMMIT, ErrorContext.of("create tag '" + tag + "'", repo, rev,
          null));
    } catch (HubException e) {
      if (!(existOk && e.status() == 409)) {
        throw e;
      }
    }
  }

  public void deleteTag(RepoRef repo, String tag) {
    HttpUrl url = http.api(repo).addPathSegment("tag").addPathSegment(tag).build();
    http.call(new Request.Builder().url(url).delete().build(), HubHttp.Kind.COMMIT,
        ErrorContext.of("delete tag", repo, tag, null));
  }

  // ================================================================ reading files

  /** The resolve URL of a file ({@code E/[datasets/]ns/name/resolve/<rev>/<path>}). */
  public String resolveUrl(RepoRef repo, String revision, String path) {
    return http.resolveUrl(repo, revision == null ? "main" : revision, trimSlashes(path)).toString();
  }

  /** HEAD on the resolve URL of an hf:// file. */
  public FileMetadata fileMetadata(HfPath file) {
    return fileMetadata(file.repo(), file.revisionOrDefault(), file.path());
  }

  /**
   * HEAD on the resolve URL: size, ETag, resolved commit, and the download URL. A redirect to another origin (the
   * Hub's CDN for LFS files) is not followed: its metadata is read from the 302, as huggingface_hub does.
   */
  public FileMetadata fileMetadata(RepoRef repo, String revision, String path) {
    String rev = revision == null ? "main" : revision;
    ErrorContext ctx = ErrorContext.of("get file metadata", repo, rev, path);
    HubHttp.Buffered r = http.headMetadata(http.resolveUrl(repo, rev, trimSlashes(path)), ctx);
    return metadataOf(r);
  }

  /**
   * Metadata from a HEAD answer: a redirect's size is only {@code X-Linked-Size} (its Content-Length is that of the
   * redirect itself), a direct answer's {@code X-Linked-Size} or {@code Content-Length}.
   */
  static FileMetadata metadataOf(HubHttp.Buffered r) {
    okhttp3.Headers h = r.headers();
    boolean redirect = r.code() >= 300 && r.code() < 400;
    String size = h.get("X-Linked-Size") != null ? h.get("X-Linked-Size") : redirect ? null : h.get("Content-Length");
    HttpUrl url = r.url();
    String etag = h.get("X-Linked-Etag") != null ? h.get("X-Linked-Etag") : h.get("ETag");
    if (etag != null) {
      etag = etag.replaceFirst("^W/", "").replace("\"", "");
    }
    return new FileMetadata(size == null ? -1 : Long.parseLong(size.trim()), etag, h.get("X-Repo-Commit"),
        url.toString());
  }

  /** Reads {@code length} bytes at {@code offset} (fewer at end of file); truncated bodies are resumed. */
  public byte[] readRange(RepoRef repo, String revision, String path, long offset, int length) {
    String rev = revision == null ? "main" : revision;
    ErrorContext ctx = ErrorContext.of("read file range", repo, rev, path);
    byte[] dst = new byte[length];
    RangeReader.Result r = RangeReader.read(http, http.resolveUrl(repo, rev, trimSlashes(path)), offset, dst, 0,
        length, ctx);
    return r.count() == length ? dst : java.util.Arrays.copyOf(dst, r.count());
  }

  /** Reads a whole file into memory (for small files such as README.md). */
  public byte[] readAllBytes(RepoRef repo, String revision, String path) {
    try (InputStream in = openStream(repo, revision, path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A streaming download from the start; a broken transfer is resumed with a Range request (counts as retry). */
  public InputStream openStream(RepoRef repo, String revision, String path) {
    return openStream(repo, revision, path, 0);
  }

  public InputStream openStream(RepoRef repo, String revision, String path, long offset) {
    String rev = revision == null ? "main" : revision;
    return new ResumingInputStream(http, http.resolveUrl(repo, rev, trimSlashes(path)), offset,
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

  /** A seekable read channel on {@code path} with the default 1 MiB read-ahead; size by one HEAD. */
  public HubFileChannel openChannel(HfPath path) {
    return openChannel(path.repo(), path.revisionOrDefault(), path.path(), -1, DEFAULT_READ_AHEAD);
  }

  /**
   * A seekable read channel. {@code knownSize} (e.g. from a listing; -1 if unknown) avoids the HEAD request;
   * {@code readAhead} is the initial buffer size (it grows up to 8x for sequential reads).
   */
  public HubFileChannel openChannel(RepoRef repo, String revision, String path, long knownSize, int readAhead) {
    String rev = revision == null ? "main" : revision;
    return new HubFileChannel(http, http.resolveUrl(repo, rev, trimSlashes(path)),
        ErrorContext.of("read file", repo, rev, path), knownSize, readAhead);
  }

  // ================================================================ writing

  /** Asks the Hub how each file must be uploaded (batched by 256). Paths are echoed verbatim. */
  public Map<String, UploadDecision> preupload(RepoRef repo, String revision, List<PreuploadFile> files,
      boolean createPr) {
    String rev = revision == null ? "main" : revision;
    Map<String, UploadDecision> out = new LinkedHashMap<>();
    HttpUrl.Builder u = http.api(repo).addPathSegment("preupload").addPathSegment(rev);
    if (createPr) {
      u.addQueryParameter("create_pr", "1");
    }
    HttpUrl url = u.build();
    for (int i = 0; i < files.size(); i += PREUPLOAD_BATCH) {
      List<PreuploadFile> batch = files.subList(i, Math.min(files.size(), i + PREUPLOAD_BATCH));
      ObjectNode body = HubHttp.JSON.createObjectNode();
      ArrayNode arr = body.putArray("files");
      for (PreuploadFile f : batch) {
        byte[] s = f.sample().length > LfsUpload.SAMPLE ? java.util.Arrays.copyOf(f.sample(), LfsUpload.SAMPLE)
            : f.sample();
        arr.addObject().put("path", f.path()).put("sample", Base64.getEncoder().encodeToString(s))
            .put("size", f.size());
      }
      ErrorContext ctx = ErrorContext.of("preupload", repo, rev, batch.size() == 1 ? batch.get(0).path() : null);
      JsonNode n = http.call(post(url, json(body)), HubHttp.Kind.IDEMPOTENT, ctx).json();
      n.path("files").forEach(f -> out.put(f.path("path").asText(), new UploadDecision(f.path("path").asText(),
          "lfs".equals(f.path("uploadMode").asText()) ? UploadMode.LFS : UploadMode.REGULAR,
          f.path("shouldIgnore").asBoolean(false), f.path("oid").asText(null))));
    }
    return out;
  }

  /**
   * Uploads LFS objects: LFS batch (basic and multipart offered), then PUT of the bytes (multipart parts in
   * parallel) streamed from each file, completion and verify. Objects the Hub already has are skipped.
   */
  public void uploadLfs(RepoRef repo, String revision, List<LfsUpload> uploads, boolean createPr) {
    String rev = revision == null ? "main" : revision;
    Map<String, LfsUpload> byOid = new LinkedHashMap<>();
    uploads.forEach(u -> byOid.putIfAbsent(u.sha256(), u));
    List<LfsUpload> unique = new ArrayList<>(byOid.values());
    HttpUrl url = http.web(repo).build().newBuilder().encodedPath(
        http.web(repo).build().encodedPath() + ".git/info/lfs/objects/batch").build();
    for (int i = 0; i < unique.size(); i += LFS_BATCH) {
      List<LfsUpload> batch = unique.subList(i, Math.min(unique.size(), i + LFS_BATCH));
      ObjectNode body = HubHttp.JSON.createObjectNode().put("operation", "upload").put("hash_algo", "sha256");
      body.putArray("transfers").add("basic").add("multipart");
      if (!createPr) {
        body.putObject("ref").put("name", rev);
      }
      ArrayNode objs = body.putArray("objects");
      batch.forEach(u -> objs.addObject().put("oid", u.sha256()).put("size", u.size()));
      ErrorContext ctx = ErrorContext.of("LFS batch", repo, rev, batch.size() == 1 ? batch.get(0).source()
          .toString() : null);
      Request req = new Request.Builder().url(url).post(RequestBody.create(HubHttp.bytes(
          body), LFS_TYPE)).header("Accept", LFS_TYPE.toString()).build();
      JsonNode answer = http.call(req, HubHttp.Kind.IDEMPOTENT, ctx).json();
      for (JsonNode obj : answer.path("objects")) {
        LfsUpload up = byOid.get(obj.path("oid").asText());
        if (up == null) {
          continue;
        }
        ErrorContext octx = ErrorContext.of("LFS upload of " + up.source().getFileName(), repo, rev, null);
        if (obj.hasNonNull("error")) {
          throw new BadRequestException("LFS upload of " + up.source() + " refused by the Hub: "
              + obj.path("error").path("message").asText() + " (code " + obj.path("error").path("code").asInt()
              + ")", new HubException.ErrorDetails(obj.path("error").path("code").asInt(), null,
                  obj.path("error").path("message").asText(), null, repo, rev, null), null);
        }
        JsonNode actions = obj.get("actions");
        if (actions == null || actions.isNull()) {
          LOG.debug("LFS object {} already on the Hub, not uploading", up.sha256());
          continue;
        }
        JsonNode upload = actions.path("upload");
        if (!upload.isMissingNode()) {
          JsonNode header = upload.path("header");
          if (header.has("chunk_size")) {
            uploadMultipart(up, upload, octx);
          } else {
            http.call(new Request.Builder().url(upload.path("href").asText())
                .put(new FileRegionBody(up.source(), 0, up.size())).build(), HubHttp.Kind.IDEMPOTENT, octx);
          }
        }
        JsonNode verify = actions.path("verify");
        if (!verify.isMissingNode() && verify.hasNonNull("href")) {
          ObjectNode v = HubHttp.JSON.createObjectNode().put("oid", up.sha256()).put("size", up.size());
          http.call(new Request.Builder().url(verify.path("href").asText())
              .post(RequestBody.create(HubHttp.bytes(v), LFS_TYPE))
              .header("Accept", LFS_TYPE.toString()).build(), HubHttp.Kind.IDEMPOTENT, octx);
        }
      }
    }
  }

  private void uploadMultipart(LfsUpload up, JsonNode upload, ErrorContext ctx) {
    JsonNode header = upload.path("header");
    long chunk = Long.parseLong(header.path("chunk_size").asText());
    TreeMap<Integer, String> parts = new TreeMap<>();
    header.fields().forEachRemaining(e -> {
      if (e.getKey().matches("\\d+")) {
        parts.put(Integer.parseInt(e.getKey()), e.getValue().asText());
      }
    });
    long expected = (up.size() + chunk - 1) / chunk;
    if (parts.size() != expected) {
      throw new ServerException("LFS multipart upload of " + up.source() + ": the Hub gave " + parts.size()
          + " part URLs for " + expected + " parts of " + chunk + " bytes",
          new HubException.ErrorDetails(200, null, null, null, ctx.repo(), ctx.revision(), null), null);
    }
    int threads = (int) Math.max(1, Math.min(uploadParallelism, parts.size()));
    AtomicInteger seq = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hfio-lfs-part-" + seq.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      Map<Integer, Future<String>> etags = new TreeMap<>();
      int idx = 0;
      for (Map.Entry<Integer, String> p : parts.entrySet()) {
        long off = idx++ * chunk;
        long len = Math.min(chunk, up.size() - off);
        String href = p.getValue();
        etags.put(p.getKey(), pool.submit(() -> {
          HubHttp.Buffered r = http.call(new Request.Builder().url(href)
              .put(new FileRegionBody(up.source(), off, len)).build(), HubHttp.Kind.IDEMPOTENT, ctx);
          String etag = r.headers().get("ETag");
          if (etag == null) {
            throw new ServerException("LFS part upload of " + up.source() + " got no ETag from the server",
                new HubException.ErrorDetails(r.code(), null, null, null, ctx.repo(), ctx.revision(), null), null);
          }
          return etag;
        }));
      }
      ObjectNode done = HubHttp.JSON.createObjectNode().put("oid", up.sha256());
      ArrayNode arr = done.putArray("parts");
      for (Map.Entry<Integer, Future<String>> e : etags.entrySet()) {
        arr.addObject().put("partNumber", e.getKey()).put("etag", e.getValue().get());
      }
      http.call(new Request.Builder().url(upload.path("href").asText())
          .post(RequestBody.create(HubHttp.bytes(done), LFS_TYPE))
          .header("Accept", LFS_TYPE.toString()).build(), HubHttp.Kind.IDEMPOTENT, ctx);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while uploading " + up.source(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Commits {@code operations} to {@code revision} in one atomic commit: preupload decides regular vs LFS for added
   * content, LFS content is hashed once and uploaded, then one NDJSON commit is posted. The commit POST is not
   * retried unless the connection could not be opened or the Hub answered 429 (both mean nothing happened).
   * A stale {@link CommitOptions#parentCommit()} gives {@link CommitConflictException}.
   */
  public CommitResult commit(RepoRef repo, String revision, List<CommitOperation> operations, CommitOptions options) {
    String rev = revision == null ? "main" : revision;
    Objects.requireNonNull(options, "options");
    List<CommitOperation> ops = new ArrayList<>();
    for (CommitOperation op : operations) {
      ops.add(normalize(op));
    }
    List<Path> temps = new ArrayList<>();
    try {
      // 1. preupload: which added files go through LFS
      List<PreuploadFile> announce = new ArrayList<>();
      for (CommitOperation op : ops) {
        if (op instanceof CommitOperation.AddBytes a) {
          announce.add(new PreuploadFile(a.path(), a.content().length, a.content()));
        } else if (op instanceof CommitOperation.AddFile a) {
          announce.add(new PreuploadFile(a.path(), Files.size(a.source()), sample(a.source())));
        } else if (op instanceof CommitOperation.AddUpload a) {
          announce.add(new PreuploadFile(a.path(), a.upload().size(), a.upload().sample()));
        }
      }
      Map<String, UploadDecision> decisions = announce.isEmpty() ? Map.of()
          : preupload(repo, rev, announce, options.createPr());
      Map<String, Long> sizes = new HashMap<>();
      announce.forEach(f -> sizes.put(f.path(), f.size()));
      // 2. LFS uploads (hash once)
      Map<String, LfsUpload> lfs = new HashMap<>();
      for (CommitOperation op : ops) {
        UploadDecision d = decisions.get(op.path());
        boolean isLfs = d != null && d.mode() == UploadMode.LFS && sizes.getOrDefault(op.path(), 0L) > 0;
        if (!isLfs) {
          continue;
        }
        if (op instanceof CommitOperation.AddBytes a) {
          Path tmp = Files.createTempFile("hfio-commit-", ".bin");
          temps.add(tmp);
          Files.write(tmp, a.content());
          lfs.put(a.path(), LfsUpload.prehashed(tmp, LfsUpload.sha256Hex(a.content()), a.content().length));
        } else if (op instanceof CommitOperation.AddFile a) {
          lfs.put(a.path(), LfsUpload.of(a.source()));
        } else if (op instanceof CommitOperation.AddUpload a) {
          lfs.put(a.path(), a.upload());
        }
      }
      if (!lfs.isEmpty()) {
        uploadLfs(repo, rev, new ArrayList<>(lfs.values()), options.createPr());
      }
      // 3. NDJSON
      ByteArrayOutputStream nd = new ByteArrayOutputStream();
      ObjectNode header = HubHttp.JSON.createObjectNode().put("summary", options.summary())
          .put("description", options.description());
      if (options.parentCommit() != null) {
        header.put("parentCommit", options.parentCommit());
      }
      line(nd, "header", header);
      for (CommitOperation op : ops) {
        UploadDecision d = decisions.get(op.path());
        if (d != null && d.shouldIgnore()) {
          LOG.info("Skipping {}: ignored by the repo's .gitignore", op.path());
          continue;
        }
        LfsUpload l = lfs.get(op.path());
        if (l != null) {
          line(nd, "lfsFile", HubHttp.JSON.createObjectNode().put("path", op.path()).put("algo", "sha256")
              .put("oid", l.sha256()).put("size", l.size()));
        } else if (op instanceof CommitOperation.AddLfs a) {
          line(nd, "lfsFile", HubHttp.JSON.createObjectNode().put("path", a.path()).put("algo", "sha256")
              .put("oid", a.sha256()).put("size", a.size()));
        } else if (op instanceof CommitOperation.AddBytes a) {
          line(nd, "file", inline(a.path(), a.content()));
        } else if (op instanceof CommitOperation.AddFile a) {
          line(nd, "file", inline(a.path(), Files.readAllBytes(a.source())));
        } else if (op instanceof CommitOperation.AddUpload a) {
          line(nd, "file", inline(a.path(), Files.readAllBytes(a.upload().source())));
        } else if (op instanceof CommitOperation.Delete a) {
          line(nd, "deletedFile", HubHttp.JSON.createObjectNode().put("path", a.path()));
        } else if (op instanceof CommitOperation.DeleteFolder a) {
          line(nd, "deletedFolder", HubHttp.JSON.createObjectNode().put("path", a.path()));
        }
      }
      HttpUrl.Builder u = http.api(repo).addPathSegment("commit").addPathSegment(rev);
      if (options.createPr()) {
        u.addQueryParameter("create_pr", "1");
      }
      ErrorContext ctx = ErrorContext.of("commit '" + options.summary() + "'", repo, rev,
          ops.size() == 1 ? ops.get(0).path() : null);
      JsonNode n = http.call(post(u.build(), RequestBody.create(nd.toByteArray(), NDJSON_TYPE)),
          HubHttp.Kind.COMMIT, ctx).json();
      String prUrl = n.path("pullRequestUrl").asText(null);
      return new CommitResult(n.path("commitOid").asText(null), n.path("commitUrl").asText(null), prUrl,
          CommitResult.prNumber(prUrl));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read local content to commit to " + repo + " revision '" + rev + "'",
          e);
    } finally {
      for (Path t : temps) {
        try {
          Files.deleteIfExists(t);
        } catch (IOException ignored) {
          // best effort cleanup of our own temp file
        }
      }
    }
  }

  private static ObjectNode inline(String path, byte[] content) {
    return HubHttp.JSON.createObjectNode().put("path", path)
        .put("content", Base64.getEncoder().encodeToString(content)).put("encoding", "base64");
  }

  private static void line(ByteArrayOutputStream out, String key, ObjectNode value) {
    ObjectNode l = HubHttp.JSON.createObjectNode().put("key", key);
    l.set("value", value);
    out.writeBytes(HubHttp.bytes(l));
    out.write('\n');
  }

  private static byte[] sample(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(LfsUpload.SAMPLE);
    }
  }

  /** Normalises a repo path like huggingface_hub: strips leading '/' and './', rejects '..', .git/ and empty. */
  static String normalizePath(String path) {
    String p = path;
    while (p.startsWith("/") || p.startsWith("./")) {
      p = p.startsWith("/") ? p.substring(1) : p.substring(2);
    }
    boolean folder = p.endsWith("/");
    String check = folder ? p.substring(0, p.length() - 1) : p;
    if (check.isEmpty()) {
      throw new IllegalArgumentException("Empty path in repo: '" + path + "'");
    }
    for (String seg : check.split("/", -1)) {
      if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
        throw new IllegalArgumentException("Invalid path in repo '" + path + "': no '.', '..' or empty segments");
      }
    }
    if (check.equals(".git") || check.startsWith(".git/") || check.equals(".cache")
        || check.startsWith(".cache/")) {
      throw new IllegalArgumentException("Invalid path in repo '" + path + "': .git/ and .cache/ are reserved");
    }
    return p;
  }

  private static CommitOperation normalize(CommitOperation op) {
    String p = normalizePath(op.path());
    if (p.equals(op.path())) {
      return op;
    }
    if (op instanceof CommitOperation.AddBytes a) {
      return new CommitOperation.AddBytes(p, a.content());
    } else if (op instanceof CommitOperation.AddFile a) {
      return new CommitOperation.AddFile(p, a.source());
    } else if (op instanceof CommitOperation.AddUpload a) {
      return new CommitOperation.AddUpload(p, a.upload());
    } else if (op instanceof CommitOperation.AddLfs a) {
      return new CommitOperation.AddLfs(p, a.sha256(), a.size());
    } else if (op instanceof CommitOperation.Delete) {
      return new CommitOperation.Delete(p);
    }
    return new CommitOperation.DeleteFolder(p);
  }

  /** Opens a pull request ({@code POST discussions} with {@code pullRequest: true}). */
  public PullRequest createPullRequest(RepoRef repo, String title, String description) {
    ObjectNode body = HubHttp.JSON.createObjectNode().put("title", title)
        .put("description", description == null ? "" : description).put("pullRequest", true);
    JsonNode n = http.call(post(http.api(repo).addPathSegment("discussions").build(), json(body)),
        HubHttp.Kind.COMMIT, ErrorContext.of("create pull request", repo, null, null)).json();
    int num = n.path("num").asInt();
    return new PullRequest(num, http.web(repo).addPathSegment("discussions").addPathSegment(String.valueOf(num))
        .build().toString());
  }

  /** Merges pull request {@code number} into its target branch. */
  public void mergePullRequest(RepoRef repo, int number, String comment) {
    ObjectNode body = HubHttp.JSON.createObjectNode();
    if (comment != null) {
      body.put("comment", comment);
    }
    HttpUrl url = http.api(repo).addPathSegment("discussions").addPathSegment(String.valueOf(number))
        .addPathSegment("merge").build();
    http.call(post(url, json(body)), HubHttp.Kind.COMMIT,
        ErrorContext.of("merge pull request #" + number, repo, "refs/pr/" + number, null));
  }

  // ================================================================ helpers

  private static Request get(HttpUrl url) {
    return new Request.Builder().url(url).get().build();
  }

  private static Request post(HttpUrl url, RequestBody body) {
    return new Request.Builder().url(url).post(body).build();
  }

  private static RequestBody json(JsonNode body) {
    return RequestBody.create(HubHttp.bytes(body), JSON_TYPE);
  }

  static String trimSlashes(String p) {
    String s = p;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** Configures a {@link HubClient}; unset values come from the environment ({@link HubEnvironment}). */
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

    /** Hub requests in flight at once in this JVM (default 16), shared by clients with the same cap. */
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
      HubClientConfig cfg = new HubClientConfig(ep, tk, retryPolicy, connectTimeout, readTimeout)
          .withMaxConcurrentRequests(maxConcurrentRequests);
      HttpUrl base = HttpUrl.parse(cfg.endpoint());
      if (base == null) {
        throw new IllegalArgumentException("Invalid Hub endpoint '" + cfg.endpoint()
            + "': expected an http(s) URL such as https://huggingface.co (check HF_ENDPOINT)");
      }
      OkHttpClient ok = (okHttpClient == null ? SHARED_BASE : okHttpClient).newBuilder()
          .retryOnConnectionFailure(false)
          .connectTimeout(connectTimeout).readTimeout(readTimeout).writeTimeout(readTimeout)
          .addNetworkInterceptor(new AuthInterceptor(base, cfg.token(), "hfio/0.1; java/"
              + System.getProperty("java.version")))
          .build();
      return new HubClient(cfg, new HubHttp(ok, base, cfg.token(), retryPolicy, sleeper, maxConcurrentRequests),
          uploadParallelism);
    }
  }
}
