package dev.hfio.hub;

import static dev.hfio.hub.HubRequests.checkArg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads LFS objects ahead of a commit: one LFS batch request per 256 objects (basic and multipart
 * offered), then the bytes streamed from each file (multipart parts in parallel), completion and
 * verify. Objects the Hub already has are skipped. Exists so writers can upload in parallel and
 * commit pointers ({@link CommitOperation.AddLfs}) later in one small commit.
 *
 * <pre>{@code
 * client.uploadLfs(repo).revision("main").add(LfsUpload.of(file)).call();
 * }</pre>
 */
public final class UploadLfsCommand {
  private static final Logger LOG = LoggerFactory.getLogger(UploadLfsCommand.class);
  static final int BATCH = 256;

  private final HubHttp http;
  private final int parallelism;
  private final RepoRef repo;
  private String revision = "main";
  private final List<LfsUpload> uploads = new ArrayList<>();
  private boolean createPr;

  UploadLfsCommand(HubHttp http, int parallelism, RepoRef repo) {
    this.http = http;
    this.parallelism = parallelism;
    this.repo = Objects.requireNonNull(repo, "repo");
  }

  /** The branch the objects are meant for (default main). */
  public UploadLfsCommand revision(String revision) {
    checkArg(
        revision != null && !revision.isBlank(),
        "LFS upload to %s: the revision must not be empty",
        repo);
    this.revision = revision;
    return this;
  }

  /** One object to upload (the same sha256 twice is uploaded once). */
  public UploadLfsCommand add(LfsUpload upload) {
    Objects.requireNonNull(upload, "upload");
    checkArg(
        upload.sha256() != null && upload.sha256().matches("[0-9a-f]{64}"),
        "LFS upload of %s to %s: '%s' is not a lowercase hex sha256",
        upload.source(),
        repo,
        upload.sha256());
    checkArg(
        upload.size() >= 0,
        "LFS upload of %s to %s: size %d is negative",
        upload.source(),
        repo,
        upload.size());
    uploads.add(upload);
    return this;
  }

  /** Several objects to upload. */
  public UploadLfsCommand addAll(Collection<LfsUpload> more) {
    more.forEach(this::add);
    return this;
  }

  /**
   * The objects are for a pull request that the commit will open (the batch then names no branch).
   */
  public UploadLfsCommand createPr() {
    this.createPr = true;
    return this;
  }

  /** Uploads every object the Hub does not have yet. */
  public void call() {
    Map<String, LfsUpload> byOid = new LinkedHashMap<>();
    uploads.forEach(u -> byOid.putIfAbsent(u.sha256(), u));
    List<LfsUpload> unique = new ArrayList<>(byOid.values());
    for (int i = 0; i < unique.size(); i += BATCH) {
      List<LfsUpload> batch = unique.subList(i, Math.min(unique.size(), i + BATCH));
      for (JsonNode obj : batch(batch).path("objects")) {
        LfsUpload up = byOid.get(obj.path("oid").asText());
        if (up != null) {
          transfer(up, obj);
        }
      }
    }
  }

  /** The LFS batch request: which objects the Hub wants, and where to put them. */
  private JsonNode batch(List<LfsUpload> batch) {
    HttpUrl web = http.web(repo).build();
    HttpUrl url =
        web.newBuilder().encodedPath(web.encodedPath() + ".git/info/lfs/objects/batch").build();
    ObjectNode body =
        HubHttp.JSON.createObjectNode().put("operation", "upload").put("hash_algo", "sha256");
    body.putArray("transfers").add("basic").add("multipart");
    if (!createPr) {
      body.putObject("ref").put("name", revision);
    }
    ArrayNode objs = body.putArray("objects");
    batch.forEach(u -> objs.addObject().put("oid", u.sha256()).put("size", u.size()));
    ErrorContext ctx =
        ErrorContext.of(
            "LFS batch",
            repo,
            revision,
            batch.size() == 1 ? batch.get(0).source().toString() : null);
    return http.call(HubRequests.lfsPost(url.toString(), body), HubHttp.Kind.IDEMPOTENT, ctx)
        .json();
  }

  /**
   * Uploads one object as the batch answer says (nothing if it has no actions), then verifies it.
   */
  private void transfer(LfsUpload up, JsonNode obj) {
    ErrorContext ctx =
        ErrorContext.of("LFS upload of " + up.source().getFileName(), repo, revision, null);
    if (obj.hasNonNull("error")) {
      JsonNode err = obj.path("error");
      throw new BadRequestException(
          "LFS upload of "
              + up.source()
              + " refused by the Hub: "
              + err.path("message").asText()
              + " (code "
              + err.path("code").asInt()
              + ")",
          new HubException.ErrorDetails(
              err.path("code").asInt(),
              null,
              err.path("message").asText(),
              null,
              repo,
              revision,
              null),
          null);
    }
    JsonNode actions = obj.get("actions");
    if (actions == null || actions.isNull()) {
      LOG.debug("LFS object {} already on the Hub, not uploading", up.sha256());
      return;
    }
    JsonNode upload = actions.path("upload");
    if (!upload.isMissingNode()) {
      if (upload.path("header").has("chunk_size")) {
        uploadMultipart(up, upload, ctx);
      } else {
        http.call(
            new Request.Builder()
                .url(upload.path("href").asText())
                .put(new FileRegionBody(up.source(), 0, up.size()))
                .build(),
            HubHttp.Kind.IDEMPOTENT,
            ctx);
      }
    }
    JsonNode verify = actions.path("verify");
    if (!verify.isMissingNode() && verify.hasNonNull("href")) {
      ObjectNode v = HubHttp.JSON.createObjectNode().put("oid", up.sha256()).put("size", up.size());
      http.call(HubRequests.lfsPost(verify.path("href").asText(), v), HubHttp.Kind.IDEMPOTENT, ctx);
    }
  }

  /** Multipart: one PUT per part URL (in parallel), then the completion with every part's ETag. */
  private void uploadMultipart(LfsUpload up, JsonNode upload, ErrorContext ctx) {
    JsonNode header = upload.path("header");
    long chunk = Long.parseLong(header.path("chunk_size").asText());
    TreeMap<Integer, String> parts = new TreeMap<>();
    header
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().matches("\\d+")) {
                parts.put(Integer.parseInt(e.getKey()), e.getValue().asText());
              }
            });
    long expected = (up.size() + chunk - 1) / chunk;
    if (parts.size() != expected) {
      throw new ServerException(
          "LFS multipart upload of "
              + up.source()
              + ": the Hub gave "
              + parts.size()
              + " part URLs for "
              + expected
              + " parts of "
              + chunk
              + " bytes",
          new HubException.ErrorDetails(200, null, null, null, ctx.repo(), ctx.revision(), null),
          null);
    }
    int threads = Math.max(1, Math.min(parallelism, parts.size()));
    AtomicInteger seq = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
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
        etags.put(p.getKey(), pool.submit(() -> putPart(up, href, off, len, ctx)));
      }
      ObjectNode done = HubHttp.JSON.createObjectNode().put("oid", up.sha256());
      ArrayNode arr = done.putArray("parts");
      for (Map.Entry<Integer, Future<String>> e : etags.entrySet()) {
        arr.addObject().put("partNumber", e.getKey()).put("etag", e.getValue().get());
      }
      http.call(
          HubRequests.lfsPost(upload.path("href").asText(), done), HubHttp.Kind.IDEMPOTENT, ctx);
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

  private String putPart(LfsUpload up, String href, long off, long len, ErrorContext ctx) {
    HubHttp.Buffered r =
        http.call(
            new Request.Builder().url(href).put(new FileRegionBody(up.source(), off, len)).build(),
            HubHttp.Kind.IDEMPOTENT,
            ctx);
    String etag = r.headers().get("ETag");
    if (etag == null) {
      throw new ServerException(
          "LFS part upload of " + up.source() + " got no ETag from the server",
          new HubException.ErrorDetails(
              r.code(), null, null, null, ctx.repo(), ctx.revision(), null),
          null);
    }
    return etag;
  }
}
