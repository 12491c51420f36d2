package dev.hfio.localhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.auth.Principal;
import dev.hfio.localhub.error.HubError;
import dev.hfio.localhub.storage.CardData;
import dev.hfio.localhub.storage.GitAttributes;
import dev.hfio.localhub.storage.HubRepo;
import dev.hfio.localhub.storage.LfsPatterns;
import dev.hfio.localhub.storage.RepoKey;
import dev.hfio.localhub.storage.RepoType;
import dev.hfio.localhub.storage.Resolved;
import dev.hfio.localhub.storage.TreeEntry;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/** Read/admin routes under {@code /api}: whoami, repo create/delete/info, tree, paths-info, refs, commits, branches, tags, preupload, validate-yaml. */
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
      throw new HubError(401, "Unauthorized", "whoami needs a token: send Authorization: Bearer hf_...");
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
      throw HubError.badRequest("BadRequest", "Unknown repo type '" + b.get("type").asText()
          + "'; use model, dataset or space");
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
    // huggingface.js createRepo({files}): validated first, committed right after the initial commit
    List<dev.hfio.localhub.storage.CommitOp> ops = new ArrayList<>();
    for (JsonNode f : b.path("files")) {
      String enc = f.path("encoding").asText("base64");
      String content = f.path("content").asText("");
      byte[] bytes;
      try {
        bytes = enc.equals("base64") ? Base64.getMimeDecoder().decode(content)
            : content.getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw HubError.badRequest("BadRequest", "files[].content of " + f.path("path").asText() + " is not base64");
      }
      ops.add(dev.hfio.localhub.storage.CommitOp.file(f.path("path").asText(), bytes));
    }
    HubRepo repo = ctx.repos().create(k, p.user(), priv, url);
    if (!ops.isEmpty()) {
      repo.applyCommit(HubRepo.MAIN, null,
          new dev.hfio.localhub.storage.CommitRequest("Add files", "", null, ops, p.user()));
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
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "settings");
    synchronized (repo) {
      if (b.has("private")) {
        repo.meta().isPrivate = b.get("private").asBoolean();
      }
      if (b.has("visibility")) {
        repo.meta().isPrivate = b.get("visibility").asText().equals("private");
      }
      repo.saveMeta();
    }
    ex.json(200, Json.obj());
  }

  /** {@code GET /api/{type}s?author=&search=&limit=}: repos visible to the caller, sorted by id. */
  void listRepos(Exchange ex, RepoType type) throws IOException {
    Principal p = RepoAccess.principal(ctx, ex);
    String author = ex.q("author");
    String search = ex.q("search");
    int limit = intParam(ex, "limit", 1000);
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
      o.put("gated", false);
      o.put("disabled", false);
      o.put("downloads", 0);
      o.put("likes", 0);
      o.putArray("tags");
    }
    ex.json(200, out);
  }

  // --------------------------------------------------------------- info

  void info(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
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
    o.put("gated", false);
    o.put("disabled", false);
    o.put("downloads", 0);
    o.put("downloadsAllTime", 0);
    o.put("likes", 0);
    JsonNode card = cardData(repo, r);
    ArrayNode tags = o.putArray("tags");
    if (card != null && card.path("tags").isArray()) {
      card.get("tags").forEach(t -> tags.add(t.asText()));
    }
    if (card != null) {
      o.set("cardData", card);
    }
    boolean blobs = ex.qBool("blobs");
    ArrayNode sib = o.putArray("siblings");
    long used = 0;
    for (TreeEntry e : repo.list(r, "", true)) {
      if (e.directory()) {
        continue;
      }
      used += e.size();
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

  // --------------------------------------------------------------- tree & paths-info

  void tree(Exchange ex, RepoKey k, List<String> rest) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    RevPath rp = RevPath.split(rest);
    Resolved r = repo.resolve(rp.revision());
    ex.setHeader("X-Repo-Commit", r.sha());
    String path = rp.path();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    boolean expand = ex.qBool("expand");
    List<TreeEntry> all = repo.list(r, path, ex.qBool("recursive"));
    int size = expand ? ctx.expandPageSize() : ctx.pageSize();
    int start = 0;
    String cursor = ex.q("cursor");
    if (cursor != null) {
      try {
        start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw HubError.badRequest("BadRequest", "Invalid cursor '" + cursor + "'; follow the Link header");
      }
    }
    int end = Math.min(all.size(), start + size);
    ArrayNode out = Json.arr();
    for (TreeEntry e : all.subList(Math.min(start, all.size()), end)) {
      ObjectNode o = Json.entry(e);
      if (expand) {
        o.set("lastCommit", Json.lastCommit(repo.lastCommit(r.commit(), e.path())));
      }
      out.add(o);
    }
    if (end < all.size()) {
      String next = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8));
      ex.setHeader("Link", "<" + selfUrl(ex, Map.of("cursor", next)) + ">; rel=\"next\"");
    }
    ex.json(200, out);
  }

  /** Absolute URL of the current request with some query parameters replaced. */
  static String selfUrl(Exchange ex, Map<String, String> replace) {
    StringBuilder sb = new StringBuilder(ex.baseUrl()).append(ex.req.getHttpURI().getPath());
    char sep = '?';
    for (Map.Entry<String, List<String>> e : ex.query.entrySet()) {
      if (replace.containsKey(e.getKey())) {
        continue;
      }
      for (String v : e.getValue()) {
        sb.append(sep).append(enc(e.getKey())).append('=').append(enc(v));
        sep = '&';
      }
    }
    for (Map.Entry<String, String> e : replace.entrySet()) {
      sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    return sb.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  void pathsInfo(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    Resolved r = repo.resolve(rev);
    byte[] body = ex.body(ctx.maxBodyBytes());
    List<String> paths = new ArrayList<>();
    boolean expand;
    String ct = String.valueOf(ex.header("Content-Type"));
    if (ct.contains("json")) {
      JsonNode b = Json.parse(body, "paths-info");
      b.path("paths").forEach(p -> paths.add(p.asText()));
      expand = b.path("expand").asBoolean(false);
    } else {
      expand = false;
      for (String kv : new String(body, StandardCharsets.UTF_8).split("&")) {
        int eq = kv.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = Exchange.formDecode(kv.substring(0, eq));
        String v = Exchange.formDecode(kv.substring(eq + 1));
        if (key.equals("paths") || key.equals("paths[]")) {
          paths.add(v);
        } else if (key.equals("expand")) {
          expand = Exchange.truthy(v);
        }
      }
    }
    if (paths.size() > 1000) {
      throw new HubError(413, "PayloadTooLarge", "too many parameters: at most 1000 paths per paths-info call");
    }
    ex.setHeader("X-Repo-Commit", r.sha());
    ArrayNode out = Json.arr();
    for (String p : paths) {
      String norm = p;
      while (norm.endsWith("/") && norm.length() > 1) {
        norm = norm.substring(0, norm.length() - 1);
      }
      if (norm.isEmpty() || norm.equals("/")) {
        continue;
      }
      TreeEntry e = repo.find(r.commit(), norm);
      if (e == null) {
        continue;
      }
      ObjectNode o = Json.entry(e);
      if (expand) {
        o.set("lastCommit", Json.lastCommit(repo.lastCommit(r.commit(), e.path())));
      }
      out.add(o);
    }
    ex.json(200, out);
  }

  // --------------------------------------------------------------- refs & commits

  void refs(Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    ObjectNode o = Json.obj();
    addRefs(o.putArray("branches"), repo.refs("refs/heads/"), "refs/heads/");
    addRefs(o.putArray("converts"), repo.refs("refs/convert/"), "refs/convert/");
    addRefs(o.putArray("tags"), repo.refs("refs/tags/"), "refs/tags/");
    if (ex.qBool("include_prs")) {
      addRefs(o.putArray("pullRequests"), repo.refs("refs/pr/"), "refs/pr/");
    }
    ex.json(200, o);
  }

  private static void addRefs(ArrayNode a, Map<String, ObjectId> refs, String prefix) {
    refs.forEach((name, id) -> {
      ObjectNode r = a.addObject();
      r.put("name", name.substring(prefix.length()));
      r.put("ref", name);
      r.put("targetCommit", id.name());
    });
  }

  void commits(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    Resolved r = repo.resolve(rev);
    int limit = intParam(ex, "limit", 100);
    limit = Math.max(1, Math.min(limit, 1000));
    int page = intParam(ex, "p", 0);
    List<RevCommit> all = repo.history(r.commit());
    int start = Math.min(all.size(), page * limit);
    int end = Math.min(all.size(), start + limit);
    ArrayNode out = Json.arr();
    for (RevCommit c : all.subList(start, end)) {
      ObjectNode o = out.addObject();
      o.put("id", c.name());
      o.put("title", c.getShortMessage());
      o.put("message", c.getFullMessage());
      o.put("date", Json.date(c));
      o.putArray("authors").addObject().put("user", c.getAuthorIdent().getName());
      if (ex.qAll("expand").contains("formatted")) {
        ObjectNode f = o.putObject("formatted");
        f.put("title", c.getShortMessage());
        f.put("message", c.getFullMessage());
      }
    }
    ex.setHeader("X-Total-Count", String.valueOf(all.size()));
    if (end < all.size()) {
      ex.setHeader("Link", "<" + selfUrl(ex, Map.of("p", String.valueOf(page + 1))) + ">; rel=\"next\"");
    }
    ex.json(200, out);
  }

  private static int intParam(Exchange ex, String name, int dflt) {
    String v = ex.q(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw HubError.badRequest("BadRequest", "Query parameter " + name + " must be an integer, got '" + v + "'");
    }
  }

  // --------------------------------------------------------------- branches & tags

  private static void checkRefName(String full, String what) {
    if (!Repository.isValidRefName(full) || full.contains("..")) {
      throw HubError.badRequest("InvalidRefName", "Invalid " + what + " name '" + full + "'");
    }
  }

  void createBranch(Exchange ex, RepoKey k, String branch) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    // localhub extension: "refs/convert/<name>" creates that special ref (as the Hub's parquet bot owns it)
    String ref = branch.matches("refs/convert/[\\w.-]+") ? branch : "refs/heads/" + branch;
    checkRefName(ref, "branch");
    byte[] body = ex.body(ctx.maxBodyBytes());
    JsonNode b = body.length == 0 ? Json.obj() : Json.parse(body, "branch creation");
    ObjectId target;
    if (b.path("emptyBranch").asBoolean(false)) {
      target = repo.writeCommit(repo.emptyTree(), "Create empty branch " + branch,
          RepoAccess.principal(ctx, ex).user());
    } else {
      String start = b.hasNonNull("startingPoint") ? b.get("startingPoint").asText() : "main";
      target = repo.resolve(start).commit();
    }
    ObjectId existing = repo.refTarget(ref);
    if (existing != null && !b.path("overwrite").asBoolean(false)) {
      throw new HubError(409, "Conflict", "Reference already exists: " + ref + " in " + k.id());
    }
    if (!repo.casRef(ref, existing, target, "branch")) {
      throw new HubError(409, "Conflict", "Branch " + branch + " was changed concurrently in " + k.id());
    }
    ex.json(200, Json.obj());
  }

  void deleteBranch(Exchange ex, RepoKey k, String branch) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    String ref = branch.matches("refs/convert/[\\w.-]+") ? branch : "refs/heads/" + branch;
    if (ref.equals(HubRepo.MAIN)) {
      throw HubError.badRequest("CannotDeleteDefaultBranch", "Cannot delete the default branch main of " + k.id());
    }
    if (repo.refTarget(ref) == null) {
      throw HubError.revisionNotFound(k.id(), branch);
    }
    repo.deleteRef(ref);
    ex.json(200, Json.obj());
  }

  void createTag(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "tag creation");
    String tag = b.path("tag").asText("");
    checkRefName("refs/tags/" + tag, "tag");
    Resolved r = repo.resolve(rev);
    repo.createTag(tag, r.commit(), b.path("message").asText(""), RepoAccess.principal(ctx, ex).user());
    ex.json(200, Json.obj());
  }

  void deleteTag(Exchange ex, RepoKey k, String tag) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    String ref = "refs/tags/" + tag;
    if (repo.refTarget(ref) == null) {
      throw HubError.revisionNotFound(k.id(), tag);
    }
    repo.deleteRef(ref);
    ex.json(200, Json.obj());
  }

  // --------------------------------------------------------------- preupload & yaml

  /**
   * Upload-mode rule: {@code lfs} when size > lfsThreshold (10 MiB default), or the path matches a {@code filter=lfs}
   * pattern, or the 512-byte sample contains a NUL byte; empty files are always regular. The patterns come from the
   * request's {@code gitAttributes} (a {@code .gitattributes} in the same commit) when present, else from the
   * {@code .gitattributes} at the target revision, else from the built-in extension list of the initial commit.
   */
  void preupload(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k); // part of a commit: the Hub asks for write access here too
    Resolved r = repo.resolve(rev);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "preupload");
    Predicate<String> lfsPattern = lfsPatterns(repo, r, b);
    ObjectNode o = Json.obj();
    ArrayNode files = o.putArray("files");
    for (JsonNode f : b.path("files")) {
      String path = f.path("path").asText();
      long size = f.path("size").asLong(0);
      boolean binary = false;
      if (f.hasNonNull("sample")) {
        try {
          for (byte x : Base64.getDecoder().decode(f.get("sample").asText())) {
            if (x == 0) {
              binary = true;
              break;
            }
          }
        } catch (IllegalArgumentException e) {
          throw HubError.badRequest("BadRequest", "preupload sample of " + path + " is not base64");
        }
      }
      boolean lfs = size > 0 && (size > ctx.lfsThresholdBytes() || binary || lfsPattern.test(path));
      ObjectNode e = files.addObject();
      e.put("path", path);
      e.put("uploadMode", lfs ? "lfs" : "regular");
      e.put("shouldIgnore", false);
      TreeEntry existing = path.isEmpty() ? null : repo.find(r.commit(), path);
      if (existing != null && !existing.directory()) {
        e.put("oid", existing.lfs() != null ? existing.lfs().oid() : existing.oid());
      }
    }
    o.put("commitOid", r.sha());
    ex.json(200, o);
  }

  private static Predicate<String> lfsPatterns(HubRepo repo, Resolved r, JsonNode body) {
    if (body.hasNonNull("gitAttributes")) {
      return LfsPatterns.parse(body.get("gitAttributes").asText())::isLfs;
    }
    TreeEntry attrs = repo.find(r.commit(), ".gitattributes");
    if (attrs != null && !attrs.directory()) {
      String text = new String(repo.blobBytes(attrs.oid()), StandardCharsets.UTF_8);
      return LfsPatterns.parse(text)::isLfs;
    }
    return GitAttributes::lfsByName;
  }

  void validateYaml(Exchange ex) throws IOException {
    RepoAccess.principal(ctx, ex); // anonymous is fine, an invalid token is a 401 as on every other route
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "validate-yaml");
    ObjectNode o = Json.obj();
    ArrayNode errors = o.putArray("errors");
    o.putArray("warnings");
    try {
      CardData.parse(b.path("content").asText(""));
    } catch (IOException e) {
      errors.addObject().put("message", "Invalid YAML in README.md metadata: " + e.getMessage());
    }
    ex.json(errors.isEmpty() ? 200 : 400, o);
  }
}
