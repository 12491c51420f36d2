package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.BlobSink;
import dev.hfio.localhub.internal.storage.CardData;
import dev.hfio.localhub.internal.storage.CommitOp;
import dev.hfio.localhub.internal.storage.CommitRequest;
import dev.hfio.localhub.internal.storage.DerivedTags;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoPaths;
import dev.hfio.localhub.internal.storage.RepoType;
import dev.hfio.localhub.internal.storage.Resolved;
import dev.hfio.localhub.internal.storage.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/** Repo routes under {@code /api}: whoami, repo create/delete/info/list/settings, validate-yaml. */
final class RepoApi {
  private final HubContext ctx;

  RepoApi(HubContext ctx) {
    this.ctx = ctx;
  }

  static String webUrl(String base, RepoKey k) {
    return base + "/" + k.type().urlPrefix() + k.id();
  }

  void whoami(Exchange ex) throws IOException {
    Principal p = RepoAccess.principal(ctx, ex);
    if (p == null) {
      throw new HubError(
          401, "Unauthorized", "whoami needs a token: send Authorization: Bearer hf_...");
    }
    ObjectNode o = Json.obj();
    o.put("type", "user");
    o.put("id", Integer.toHexString(p.user().hashCode()));
    o.put("name", p.user());
    o.put("fullname", p.user());
    o.put("email", p.user() + "@localhub.invalid");
    o.put("emailVerified", true);
    o.put("isPro", false);
    o.put("canPay", false);
    o.put("avatarUrl", "");
    o.putNull("periodEnd");
    o.putArray("orgs");
    ObjectNode auth = o.putObject("auth");
    auth.put("type", "access_token");
    ObjectNode at = auth.putObject("accessToken");
    at.put("displayName", p.tokenName());
    at.put("role", p.role().name().toLowerCase());
    at.put("createdAt", Json.date(Instant.EPOCH));
    ex.json(200, o);
  }

  private RepoKey keyFromBody(JsonNode b, Principal p) {
    String name = b.path("name").asText("");
    String org = b.hasNonNull("organization") ? b.get("organization").asText() : null;
    if (org == null && name.contains("/")) {
      org = name.substring(0, name.indexOf('/'));
      name = name.substring(name.indexOf('/') + 1);
    }
    RepoType type = RepoType.fromSingular(b.hasNonNull("type") ? b.get("type").asText() : null);
    if (type == null) {
      throw HubError.badRequest(
          "BadRequest",
          "Unknown repo type '" + b.get("type").asText() + "'; use model, dataset or space");
    }
    return RepoKey.of(type, org == null ? p.user() : org, name);
  }

  void create(Exchange ex) throws IOException {
    Principal p = RepoAccess.principal(ctx, ex);
    if (p == null) {
      RepoAccess.requireWrite(null, "", "repos");
    }
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "repo creation");
    RepoKey k = keyFromBody(b, p);
    RepoAccess.requireWrite(p, k.namespace(), k.id());
    boolean priv = b.path("private").asBoolean(false);
    String vis = b.path("visibility").asText("");
    if (vis.equals("private")) {
      priv = true;
    } else if (vis.equals("public")) {
      priv = false;
    }
    String url = webUrl(ex.baseUrl(), k);
    // huggingface.js createRepo({files}): validated first (strict base64, paths, no two ops on one
    // path),
    // committed right after the initial commit
    List<String> paths = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    List<CommitOp> check = new ArrayList<>();
    JsonNode files = b.path("files");
    if (!files.isMissingNode() && !files.isNull() && !files.isArray()) {
      throw HubError.badRequest("BadRequest", "'files' of the repo creation body must be an array");
    }
    for (JsonNode f : files) {
      if (!f.path("path").isTextual() || !f.path("content").isTextual()) {
        throw HubError.badRequest(
            "BadRequest", "files[" + paths.size() + "] needs a string 'path' and 'content'");
      }
      String path = RepoPaths.checkFile(f.get("path").asText());
      String enc = f.path("encoding").asText("base64");
      String content = f.get("content").asText();
      byte[] bytes;
      if (enc.equals("base64")) {
        try {
          bytes = StrictBase64.decode(content);
        } catch (IllegalArgumentException e) {
          throw HubError.badRequest(
              "BadRequest",
              "files[].content of " + path + " is not valid base64 (" + e.getMessage() + ")");
        }
      } else if (enc.equals("utf-8") || enc.equals("utf8")) {
        bytes = content.getBytes(StandardCharsets.UTF_8);
      } else {
        throw HubError.badRequest(
            "BadRequest", "files[].encoding of " + path + " must be base64 or utf-8");
      }
      if (bytes.length > CommitApi.maxRegularFile(ctx)) {
        throw new HubError(
            413,
            "PayloadTooLarge",
            "files[] entry "
                + path
                + " has "
                + bytes.length
                + " bytes; commit files larger than "
                + CommitApi.maxRegularFile(ctx)
                + " bytes through LFS");
      }
      paths.add(path);
      contents.add(bytes);
      check.add(CommitOp.file(path, ObjectId.zeroId(), bytes.length));
    }
    HubRepo.checkOpsTogether(k.id(), check);
    HubRepo repo = ctx.repos().create(k, p.user(), priv, url, LicenseReadme.fromCreateBody(b));
    if (!paths.isEmpty()) {
      List<CommitOp> ops = new ArrayList<>();
      try (BlobSink sink = repo.blobSink()) {
        for (int i = 0; i < paths.size(); i++) {
          ops.add(CommitOp.file(paths.get(i), sink.put(contents.get(i)), contents.get(i).length));
        }
        sink.flush();
      }
      repo.applyCommit(HubRepo.MAIN, null, new CommitRequest("Add files", "", null, ops, p.user()));
    }
    ObjectNode o = Json.obj();
    o.put("url", url);
    o.put("name", k.id());
    o.put("id", repo.meta().objectId);
    ex.json(200, o);
  }

  void delete(Exchange ex) throws IOException {
    Principal p = RepoAccess.principal(ctx, ex);
    if (p == null || !p.canWrite()) { // a read token deletes nothing, whichever repo the body names
      RepoAccess.requireWrite(p, "", "repos");
    }
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "repo deletion");
    RepoKey k = keyFromBody(b, p);
    RepoAccess.write(ctx, ex, k);
    ctx.repos().delete(k);
    ex.text(200, "OK");
  }

  void settings(Exchange ex, RepoKey k) throws IOException {
    SettingsApi.update(ctx, ex, k);
  }

  /** {@code GET /api/{type}s?author=&search=&limit=}: repos visible to the caller, sorted by id. */
  void listRepos(Exchange ex, RepoType type) throws IOException {
    Principal p = RepoAccess.principal(ctx, ex);
    String author = ex.q("author");
    String search = ex.q("search");
    int limit =
        Math.min(
            Paging.intParam(ex, "limit", 1000, 1),
            1000); // no paging here: at most 1000, like a Hub page
    ArrayNode out = Json.arr();
    for (RepoKey k : ctx.repos().list(type)) {
      if (out.size() >= limit) {
        break;
      }
      if (author != null && !author.equals(k.namespace())
          || search != null && !k.id().toLowerCase().contains(search.toLowerCase())) {
        continue;
      }
      HubRepo repo = ctx.repos().find(k);
      if (repo == null || !RepoAccess.canRead(p, repo)) {
        continue;
      }
      ObjectId head = repo.refTarget(HubRepo.MAIN);
      ObjectNode o = out.addObject();
      o.put("_id", repo.meta().objectId);
      o.put("id", k.id());
      if (type == RepoType.MODEL) {
        o.put("modelId", k.id());
      }
      o.put("author", k.namespace());
      if (head != null) {
        o.put("sha", head.name());
        o.put("lastModified", Json.date(repo.commit(head)));
      }
      o.put("createdAt", Json.date(Instant.parse(repo.meta().createdAt)));
      o.put("private", repo.meta().isPrivate);
      SettingsApi.gatedField(o, repo);
      o.put("disabled", false);
      o.put("downloads", 0);
      o.put("likes", 0);
      o.putArray("tags");
    }
    ex.json(200, out);
  }

  // --------------------------------------------------------------- info

  void info(Exchange ex, RepoKey asked, String rev) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, asked);
    RepoKey k = repo.key(); // the stored spelling: ids are case-insensitive
    Resolved r = repo.resolve(rev);
    RevCommit head = repo.commit(r.commit());
    ObjectNode o = Json.obj();
    o.put("_id", repo.meta().objectId);
    o.put("id", k.id());
    if (k.type() == RepoType.MODEL) {
      o.put("modelId", k.id());
    }
    o.put("author", k.namespace());
    o.put("sha", r.sha());
    o.put("lastModified", Json.date(head));
    o.put("createdAt", Json.date(Instant.parse(repo.meta().createdAt)));
    o.put("private", repo.meta().isPrivate);
    SettingsApi.gatedField(o, repo);
    o.put("disabled", false);
    o.put("downloads", 0);
    o.put("downloadsAllTime", 0);
    o.put("likes", 0);
    JsonNode card = cardData(repo, r);
    ArrayNode tags = o.putArray("tags"); // filled below from the card and the files
    if (card != null) {
      o.set("cardData", card);
    }
    boolean blobs = ex.qBool("blobs");
    ArrayNode sib = o.putArray("siblings");
    List<String> files = new ArrayList<>();
    long used = 0;
    for (TreeEntry e : repo.list(r, "", true)) {
      if (e.directory()) {
        continue;
      }
      used += e.size();
      files.add(e.path());
      ObjectNode s = sib.addObject();
      s.put("rfilename", e.path());
      if (blobs) {
        s.put("size", e.size());
        s.put("blobId", e.oid());
        if (e.lfs() != null) {
          ObjectNode l = s.putObject("lfs");
          l.put("size", e.lfs().size());
          l.put("sha256", e.lfs().oid());
          l.put("pointerSize", e.lfs().pointerSize());
        }
      }
    }
    o.put("usedStorage", used);
    DerivedTags.derive(k.type(), card, files).forEach(tags::add);
    List<String> expand = ex.qAll("expand");
    if (!expand.isEmpty()) {
      ObjectNode f = Json.obj();
      f.set("_id", o.get("_id"));
      f.set("id", o.get("id"));
      for (String e : expand) {
        if (o.has(e)) {
          f.set(e, o.get(e));
        }
      }
      o = f;
    }
    ex.json(200, o);
  }

  private JsonNode cardData(HubRepo repo, Resolved r) {
    TreeEntry readme = repo.find(r.commit(), "README.md");
    if (readme == null || readme.directory() || readme.lfs() != null) {
      return null;
    }
    try {
      return CardData.parse(new String(repo.blobBytes(readme.oid()), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null; // invalid YAML: the Hub shows no card data either
    }
  }

  void validateYaml(Exchange ex) throws IOException {
    RepoAccess.principal(
        ctx, ex); // anonymous is fine, an invalid token is a 401 as on every other route
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "validate-yaml");
    ObjectNode o = Json.obj();
    ArrayNode errors = o.putArray("errors");
    o.putArray("warnings");
    try {
      CardData.parse(b.path("content").asText(""));
    } catch (IOException e) {
      // our own "must be a mapping" text is safe; a parser message would quote the content and name
      // classes
      String why =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException
              ? ""
              : ": " + e.getMessage();
      errors.addObject().put("message", "Invalid YAML in README.md metadata" + Json.where(e) + why);
    }
    ex.json(errors.isEmpty() ? 200 : 400, o);
  }
}
