package dev.hfio.localhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.auth.Principal;
import dev.hfio.localhub.error.HubError;
import dev.hfio.localhub.storage.BlobSink;
import dev.hfio.localhub.storage.CardData;
import dev.hfio.localhub.storage.CommitOp;
import dev.hfio.localhub.storage.CommitRequest;
import dev.hfio.localhub.storage.DerivedTags;
import dev.hfio.localhub.storage.GitAttributes;
import dev.hfio.localhub.storage.HubRepo;
import dev.hfio.localhub.storage.LfsPatterns;
import dev.hfio.localhub.storage.RefNames;
import dev.hfio.localhub.storage.RepoKey;
import dev.hfio.localhub.storage.RepoPaths;
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
import org.eclipse.jgit.revwalk.RevCommit;

/** Read/admin routes under {@code /api}: whoami, repo create/delete/info, tree, paths-info, refs, commits, branches, tags, preupload, validate-yaml. */
final class RepoApi {
  /** The Hub's preupload limit (huggingface_hub batches 256 files per call). */
  static final int MAX_PREUPLOAD_FILES = 256;
  /** Largest preupload sample: clients send the first 512 bytes. */
  static final int MAX_SAMPLE_BYTES = 1024;
  /** Work bound of one preupload's gitattributes matching (automaton steps), about a tenth of a second. */
  static final long MAX_MATCH_STEPS = 50_000_000L;
  /** Body limit of paths-info and preupload: 1,000 paths of 4 KiB or 256 files plus a 1 MiB gitAttributes fit. */
  static final long SMALL_BODY = 16L << 20;
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
    // huggingface.js createRepo({files}): validated first (strict base64, paths, no two ops on one path),
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
        throw HubError.badRequest("BadRequest", "files[" + paths.size() + "] needs a string 'path' and 'content'");
      }
      String path = RepoPaths.checkFile(f.get("path").asText());
      String enc = f.path("encoding").asText("base64");
      String content = f.get("content").asText();
      byte[] bytes;
      if (enc.equals("base64")) {
        try {
          bytes = StrictBase64.decode(content);
        } catch (IllegalArgumentException e) {
          throw HubError.badRequest("BadRequest", "files[].content of " + path + " is not valid base64 ("
              + e.getMessage() + ")");
        }
      } else if (enc.equals("utf-8") || enc.equals("utf8")) {
        bytes = content.getBytes(StandardCharsets.UTF_8);
      } else {
        throw HubError.badRequest("BadRequest", "files[].encoding of " + path + " must be base64 or utf-8");
      }
      if (bytes.length > CommitApi.maxRegularFile(ctx)) {
        throw new HubError(413, "PayloadTooLarge", "files[] entry " + path + " has " + bytes.length
            + " bytes; commit files larger than " + CommitApi.maxRegularFile(ctx) + " bytes through LFS");
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
    int limit = Math.min(intParam(ex, "limit", 1000, 1), 1000); // no paging here: at most 1000, like a Hub page
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
        start = -1;
      }
      if (start < 0 || start > all.size()) {
        throw HubError.badRequest("BadRequest", "Invalid cursor for the tree of " + k.id() + " at " + rp.revision()
            + "; follow the Link header of the previous page");
      }
    }
    int end = (int) Math.min(all.size(), (long) start + size);
    ArrayNode out = Json.arr();
    for (TreeEntry e : all.subList(start, end)) {
      ObjectNode o = Json.entry(e);
      if (expand) {
        o.set("lastCommit", Json.lastCommit(repo.lastCommit(r.commit(), e.path())));
        SecurityStatus.put(o, e);
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
    byte[] body = ex.body(Math.min(ctx.maxBodyBytes(), SMALL_BODY));
    List<String> paths = new ArrayList<>();
    boolean expand;
    String ct = String.valueOf(ex.header("Content-Type"));
    if (ct.contains("json")) {
      JsonNode b = Json.parse(body, "paths-info");
      JsonNode arr = b.path("paths");
      if (!arr.isMissingNode() && !arr.isArray()) {
        throw HubError.badRequest("BadRequest", "'paths' of the paths-info body must be an array of strings");
      }
      for (JsonNode p : arr) {
        if (!p.isTextual()) {
          throw HubError.badRequest("BadRequest", "'paths' of the paths-info body must be an array of strings");
        }
        paths.add(p.asText());
      }
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
        SecurityStatus.put(o, e);
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
    int limit = Math.min(intParam(ex, "limit", 100, 1), 1000); // the Hub's page size cap
    int page = intParam(ex, "p", 0, 0);
    List<RevCommit> all = repo.history(r.commit());
    int start = (int) Math.min(all.size(), (long) page * limit);
    int end = (int) Math.min(all.size(), (long) start + limit);
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

  /** An integer query parameter of at least {@code min}; anything else (garbage, overflow, too small) is a 400. */
  private static int intParam(Exchange ex, String name, int dflt, int min) {
    String v = ex.q(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = Integer.MIN_VALUE;
    }
    if (n < min) {
      throw HubError.badRequest("BadRequest", "Query parameter " + name + " must be an integer between " + min
          + " and " + Integer.MAX_VALUE);
    }
    return n;
  }

  // --------------------------------------------------------------- branches & tags

  private static String refOrInvalid(String ref, String what) {
    if (ref == null) {
      throw HubError.badRequest("InvalidRefName", "Invalid " + what + " name: use letters, digits and '-', '_', '.',"
          + " '/' (git check-ref-format: no '..', '@{', spaces, control characters or ~^:?*[\\, no component"
          + " starting with '.' or ending with '.lock', at most 200 characters)");
    }
    return ref;
  }

  void createBranch(Exchange ex, RepoKey k, String branch) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    // localhub extension: "refs/convert/<name>" creates that special ref (as the Hub's parquet bot owns it)
    String ref = refOrInvalid(RefNames.branchRef(branch), "branch");
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
    String ref = RefNames.branchRef(branch);
    if (HubRepo.MAIN.equals(ref)) {
      throw HubError.badRequest("CannotDeleteDefaultBranch", "Cannot delete the default branch main of " + k.id());
    }
    if (ref == null || repo.refTarget(ref) == null) {
      throw HubError.revisionNotFound(k.id(), RefNames.shown(branch));
    }
    repo.deleteRef(ref);
    ex.json(200, Json.obj());
  }

  void createTag(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "tag creation");
    String tag = b.path("tag").asText("");
    refOrInvalid(RefNames.tagRef(tag), "tag");
    Resolved r = repo.resolve(rev);
    repo.createTag(tag, r.commit(), b.path("message").asText(""), RepoAccess.principal(ctx, ex).user());
    ex.json(200, Json.obj());
  }

  void deleteTag(Exchange ex, RepoKey k, String tag) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    String ref = RefNames.tagRef(tag);
    if (ref == null || repo.refTarget(ref) == null) {
      throw HubError.revisionNotFound(k.id(), RefNames.shown(tag));
    }
    repo.deleteRef(ref);
    ex.json(200, Json.obj());
  }

  // --------------------------------------------------------------- preupload & yaml

  /**
   * Upload-mode rule: {@code lfs} when size > lfsThreshold (10 MiB default), or the path matches a {@code filter=lfs}
   * pattern, or the 512-byte sample contains a NUL byte; empty files are always regular. The patterns come from the
   * request's {@code gitAttributes} (a {@code .gitattributes} in the same commit) when present, else from the
   * {@code .gitattributes} at the target revision, else from the Hub's initial {@code .gitattributes} of the type.
   */
  void preupload(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k); // part of a commit: the Hub asks for write access here too
    Resolved r = repo.resolve(rev);
    JsonNode b = Json.parse(ex.body(Math.min(ctx.maxBodyBytes(), SMALL_BODY)), "preupload");
    JsonNode list = b.path("files");
    if (!list.isArray()) {
      throw HubError.badRequest("BadRequest", "The preupload body needs a 'files' array of {path, size, sample}");
    }
    if (list.size() > MAX_PREUPLOAD_FILES) {
      throw new HubError(413, "PayloadTooLarge", "too many files: at most " + MAX_PREUPLOAD_FILES
          + " files per preupload call, got " + list.size() + "; send them in batches");
    }
    LfsPatterns patterns = lfsPatterns(repo, r, b);
    if (patterns != null) {
      long steps = 0;
      for (JsonNode f : list) {
        steps += patterns.cost(f.path("path").asText());
      }
      if (steps > MAX_MATCH_STEPS) {
        throw HubError.badRequest("BadRequest", "The gitAttributes patterns are too complex for " + list.size()
            + " paths of this length (" + steps + " matching steps, at most " + MAX_MATCH_STEPS
            + "); send fewer or simpler patterns, or fewer files per call");
      }
    }
    Predicate<String> lfsPattern = patterns != null ? patterns::isLfs
        : GitAttributes.initialRules(repo.key().type())::isLfs; // the Hub's initial .gitattributes of this type
    ObjectNode o = Json.obj();
    ArrayNode files = o.putArray("files");
    for (JsonNode f : list) {
      String path = f.path("path").asText();
      long size = f.path("size").asLong(0);
      boolean binary = false;
      if (f.hasNonNull("sample")) {
        byte[] sample;
        try {
          sample = StrictBase64.decode(f.get("sample").asText());
        } catch (IllegalArgumentException e) {
          throw HubError.badRequest("BadRequest", "preupload sample of " + path + " is not valid base64 ("
              + e.getMessage() + ")");
        }
        if (sample.length > MAX_SAMPLE_BYTES) {
          throw HubError.badRequest("BadRequest", "preupload sample of " + path + " has " + sample.length
              + " bytes; send at most the first 512 (limit " + MAX_SAMPLE_BYTES + ")");
        }
        for (byte x : sample) {
          if (x == 0) {
            binary = true;
            break;
          }
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

  /** The request's gitAttributes, else the revision's .gitattributes, else null (built-in extension rule). */
  private static LfsPatterns lfsPatterns(HubRepo repo, Resolved r, JsonNode body) {
    if (body.hasNonNull("gitAttributes")) {
      if (!body.get("gitAttributes").isTextual()) {
        throw HubError.badRequest("BadRequest", "gitAttributes must be the text of a .gitattributes file");
      }
      try {
        return LfsPatterns.parse(body.get("gitAttributes").asText());
      } catch (IllegalArgumentException e) {
        throw HubError.badRequest("BadRequest", "gitAttributes rejected: " + e.getMessage());
      }
    }
    TreeEntry attrs = repo.find(r.commit(), ".gitattributes");
    if (attrs != null && !attrs.directory() && attrs.lfs() == null && attrs.size() <= LfsPatterns.MAX_TEXT_CHARS) {
      String text = new String(repo.blobBytes(attrs.oid()), StandardCharsets.UTF_8);
      try {
        return LfsPatterns.parse(text);
      } catch (IllegalArgumentException e) {
        throw HubError.badRequest("BadRequest", "The .gitattributes of " + repo.key().id() + " at " + r.revision()
            + " is too large to evaluate: " + e.getMessage() + "; send gitAttributes in the request instead");
      }
    }
    return null;
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
      // our own "must be a mapping" text is safe; a parser message would quote the content and name classes
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException ? "" : ": " + e.getMessage();
      errors.addObject().put("message", "Invalid YAML in README.md metadata" + Json.where(e) + why);
    }
    ex.json(errors.isEmpty() ? 200 : 400, o);
  }
}
