package dev.hfio.hub;

import static dev.hfio.hub.HubRequests.checkArg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Asks the Hub how each file must be uploaded ({@code POST preupload}, batched by 256): inline or
 * through LFS, and whether the repo's .gitignore ignores it. Exists so uploaders can decide before
 * hashing or sending any bytes.
 *
 * <pre>{@code
 * Map<String, UploadDecision> d = client.preupload(repo).revision("main").add(file).call();
 * }</pre>
 */
public final class PreuploadCommand {
  static final int BATCH = 256;

  private final HubHttp http;
  private final RepoRef repo;
  private String revision = "main";
  private final List<PreuploadFile> files = new ArrayList<>();
  private boolean createPr;

  PreuploadCommand(HubHttp http, RepoRef repo) {
    this.http = http;
    this.repo = Objects.requireNonNull(repo, "repo");
  }

  /** The branch the files are meant for (default main). */
  public PreuploadCommand revision(String revision) {
    checkArg(
        revision != null && !revision.isBlank(),
        "preupload to %s: the revision must not be empty",
        repo);
    this.revision = revision;
    return this;
  }

  /** Announces one file. */
  public PreuploadCommand add(PreuploadFile file) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(file.sample(), "file.sample");
    checkArg(
        file.size() >= 0,
        "preupload of '%s' to %s: size %d is negative",
        file.path(),
        repo,
        file.size());
    files.add(file);
    return this;
  }

  /** Announces several files. */
  public PreuploadCommand addAll(Collection<PreuploadFile> more) {
    more.forEach(this::add);
    return this;
  }

  /**
   * The files are for a pull request that the commit will open, not for {@link #revision} itself.
   */
  public PreuploadCommand createPr() {
    this.createPr = true;
    return this;
  }

  /** The decisions, keyed by the repo path as announced (the Hub echoes paths verbatim). */
  public Map<String, UploadDecision> call() {
    Map<String, UploadDecision> out = new LinkedHashMap<>();
    HttpUrl.Builder u = http.api(repo).addPathSegment("preupload").addPathSegment(revision);
    if (createPr) {
      u.addQueryParameter("create_pr", "1");
    }
    HttpUrl url = u.build();
    for (int i = 0; i < files.size(); i += BATCH) {
      List<PreuploadFile> batch = files.subList(i, Math.min(files.size(), i + BATCH));
      ErrorContext ctx =
          ErrorContext.of(
              "preupload", repo, revision, batch.size() == 1 ? batch.get(0).path() : null);
      JsonNode n =
          http.call(
                  HubRequests.post(url, HubRequests.json(body(batch))),
                  HubHttp.Kind.IDEMPOTENT,
                  ctx)
              .json();
      n.path("files").forEach(f -> out.put(f.path("path").asText(), decision(f)));
    }
    return out;
  }

  private static ObjectNode body(List<PreuploadFile> batch) {
    ObjectNode body = HubHttp.JSON.createObjectNode();
    ArrayNode arr = body.putArray("files");
    for (PreuploadFile f : batch) {
      byte[] s =
          f.sample().length > LfsUpload.SAMPLE
              ? Arrays.copyOf(f.sample(), LfsUpload.SAMPLE)
              : f.sample();
      arr.addObject()
          .put("path", f.path())
          .put("sample", Base64.getEncoder().encodeToString(s))
          .put("size", f.size());
    }
    return body;
  }

  private static UploadDecision decision(JsonNode f) {
    return new UploadDecision(
        f.path("path").asText(),
        "lfs".equals(f.path("uploadMode").asText()) ? UploadMode.LFS : UploadMode.REGULAR,
        f.path("shouldIgnore").asBoolean(false),
        f.path("oid").asText(null));
  }
}
