package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.BlobSink;
import dev.hfio.localhub.internal.storage.CommitRequest;
import dev.hfio.localhub.internal.storage.GitAttributes;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.LfsPatterns;
import dev.hfio.localhub.internal.storage.RefNames;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoMeta;
import dev.hfio.localhub.internal.storage.Resolved;
import dev.hfio.localhub.internal.storage.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Commit routes: the commit history (paged), preupload (the upload mode of each file) and the
 * commit itself (NDJSON and legacy JSON).
 */
final class CommitApi {
  /** The Hub's preupload limit (huggingface_hub batches 256 files per call). */
  static final int MAX_PREUPLOAD_FILES = 256;

  /** Largest preupload sample: clients send the first 512 bytes. */
  static final int MAX_SAMPLE_BYTES = 1024;

  /**
   * Work bound of one preupload's gitattributes matching (automaton steps), about a tenth of a
   * second.
   */
  static final long MAX_MATCH_STEPS = 50_000_000L;

  private final HubContext ctx;

  CommitApi(HubContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Regular (non-LFS) files larger than this must go through LFS: the Hub's 10 MiB, or the
   * preupload threshold.
   */
  static long maxRegularFile(HubContext ctx) {
    return Math.max(10L << 20, ctx.lfsThresholdBytes());
  }

  /**
   * Who may commit: users with write access to the repo, anywhere; and, as on the Hub, anyone who
   * may open a pull request (a write-role token that can read the repo) with {@code create_pr=1},
   * or to {@code refs/pr/N} of an open pull request they authored.
   */
  static HubRepo committer(HubContext ctx, Exchange ex, RepoKey k, String rev) {
    boolean createPr = ex.qBool("create_pr");
    if (!createPr && !rev.startsWith("refs/pr/")) {
      return RepoAccess.write(ctx, ex, k);
    }
    HubRepo repo = DiscussionApi.participant(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    if (createPr || RepoAccess.owns(p, repo.key().namespace())) {
      return repo;
    }
    String digits = rev.substring("refs/pr/".length());
    if (digits.matches("[0-9]{1,9}")) {
      synchronized (repo) {
        RepoMeta.Discussion d = repo.discussion(Integer.parseInt(digits));
        if (d != null && d.isPullRequest && d.status.equals("open") && p.user().equals(d.author)) {
          return repo;
        }
      }
    }
    throw new HubError(
        403,
        "Forbidden",
        "User "
            + p.user()
            + " cannot commit to "
            + RefNames.shown(rev)
            + " of "
            + repo.key().id()
            + ": only to an open pull request they opened (or with create_pr=1)");
  }

  void commit(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = committer(ctx, ex, k, rev);
    Principal p = RepoAccess.principal(ctx, ex);
    Resolved r = repo.resolve(rev);
    boolean createPr = ex.qBool("create_pr");
    if (!createPr && !r.isWritable()) {
      throw HubError.badRequest(
          "RevisionNotBranch",
          "Cannot commit to revision '"
              + rev
              + "' of "
              + k.id()
              + ": it is not a branch (tags and commits are read-only)");
    }
    if (createPr && !r.isBranch()) {
      throw HubError.revisionNotFound(k.id(), rev + " (create_pr needs a branch)");
    }
    String ct = mediaType(ex.header("Content-Type"));
    CommitParser parser = new CommitParser(maxRegularFile(ctx), ctx.maxBodyBytes());
    CommitRequest req;
    try (BlobSink sink = repo.blobSink()) {
      if (ct.equals("application/x-ndjson") || ct.equals("application/ndjson") || ct.isEmpty()) {
        try (InputStream in = ex.bodyStream()) {
          req = parser.ndjson(in, sink, p.user());
        }
      } else if (ct.equals("application/json")) {
        req = parser.json(ex.body(Math.min(ctx.maxBodyBytes(), parser.maxLine())), sink, p.user());
      } else {
        throw new HubError(
            415,
            "UnsupportedMediaType",
            "A commit body must be application/x-ndjson (or the legacy"
                + " application/json object), not '"
                + printable(ct)
                + "'");
      }
      sink.flush();
    }
    ObjectNode o = Json.obj();
    ObjectId commit;
    if (createPr) {
      ObjectId base =
          req.parentCommit() != null ? repo.resolve(req.parentCommit()).commit() : r.commit();
      RepoMeta.Discussion d =
          repo.newDiscussion(
              req.summary(),
              req.description(),
              true,
              p.user(),
              r.refName().substring("refs/heads/".length()));
      commit =
          repo.applyCommit(
              "refs/pr/" + d.num,
              base,
              new CommitRequest(req.summary(), req.description(), null, req.ops(), req.author()));
      o.put("pullRequestUrl", RepoApi.webUrl(ex.baseUrl(), k) + "/discussions/" + d.num);
    } else {
      commit = repo.applyCommit(r.refName(), null, req);
    }
    o.put("success", true);
    o.put("commitOid", commit.name());
    o.put("commitUrl", RepoApi.webUrl(ex.baseUrl(), k) + "/commit/" + commit.name());
    o.put("hookOutput", "");
    ex.json(200, o);
  }

  /** The media type of a Content-Type header, lower case, without parameters; empty when absent. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static String printable(String s) {
    String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return t.replaceAll("[^A-Za-z0-9_.+/-]", "?");
  }

  // --------------------------------------------------------------- commit history & preupload

  void commits(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    Resolved r = repo.resolve(rev);
    int limit = Math.min(Paging.intParam(ex, "limit", 100, 1), 1000); // the Hub's page size cap
    int page = Paging.intParam(ex, "p", 0, 0);
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
      ex.setHeader(
          "Link",
          "<" + Paging.selfUrl(ex, Map.of("p", String.valueOf(page + 1))) + ">; rel=\"next\"");
    }
    ex.json(200, out);
  }

  /**
   * Upload-mode rule: {@code lfs} when size > lfsThreshold (10 MiB default), or the path matches a
   * {@code filter=lfs} pattern, or the 512-byte sample contains a NUL byte; empty files are always
   * regular. The patterns come from the request's {@code gitAttributes} (a {@code .gitattributes}
   * in the same commit) when present, else from the {@code .gitattributes} at the target revision,
   * else from the Hub's initial {@code .gitattributes} of the type.
   */
  void preupload(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo =
        RepoAccess.write(ctx, ex, k); // part of a commit: the Hub asks for write access here too
    Resolved r = repo.resolve(rev);
    JsonNode b = Json.parse(ex.body(Math.min(ctx.maxBodyBytes(), TreeApi.SMALL_BODY)), "preupload");
    JsonNode list = b.path("files");
    if (!list.isArray()) {
      throw HubError.badRequest(
          "BadRequest", "The preupload body needs a 'files' array of {path, size, sample}");
    }
    if (list.size() > MAX_PREUPLOAD_FILES) {
      throw new HubError(
          413,
          "PayloadTooLarge",
          "too many files: at most "
              + MAX_PREUPLOAD_FILES
              + " files per preupload call, got "
              + list.size()
              + "; send them in batches");
    }
    LfsPatterns patterns = lfsPatterns(repo, r, b);
    if (patterns != null) {
      long steps = 0;
      for (JsonNode f : list) {
        steps += patterns.cost(f.path("path").asText());
      }
      if (steps > MAX_MATCH_STEPS) {
        throw HubError.badRequest(
            "BadRequest",
            "The gitAttributes patterns are too complex for "
                + list.size()
                + " paths of this length ("
                + steps
                + " matching steps, at most "
                + MAX_MATCH_STEPS
                + "); send fewer or simpler patterns, or fewer files per call");
      }
    }
    Predicate<String> lfsPattern =
        patterns != null
            ? patterns::isLfs
            : GitAttributes.initialRules(repo.key().type())
                ::isLfs; // the Hub's initial .gitattributes of this type
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
          throw HubError.badRequest(
              "BadRequest",
              "preupload sample of " + path + " is not valid base64 (" + e.getMessage() + ")");
        }
        if (sample.length > MAX_SAMPLE_BYTES) {
          throw HubError.badRequest(
              "BadRequest",
              "preupload sample of "
                  + path
                  + " has "
                  + sample.length
                  + " bytes; send at most the first 512 (limit "
                  + MAX_SAMPLE_BYTES
                  + ")");
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

  /**
   * The request's gitAttributes, else the revision's .gitattributes, else null (built-in extension
   * rule).
   */
  private static LfsPatterns lfsPatterns(HubRepo repo, Resolved r, JsonNode body) {
    if (body.hasNonNull("gitAttributes")) {
      if (!body.get("gitAttributes").isTextual()) {
        throw HubError.badRequest(
            "BadRequest", "gitAttributes must be the text of a .gitattributes file");
      }
      try {
        return LfsPatterns.parse(body.get("gitAttributes").asText());
      } catch (IllegalArgumentException e) {
        throw HubError.badRequest("BadRequest", "gitAttributes rejected: " + e.getMessage());
      }
    }
    TreeEntry attrs = repo.find(r.commit(), ".gitattributes");
    if (attrs != null
        && !attrs.directory()
        && attrs.lfs() == null
        && attrs.size() <= LfsPatterns.MAX_TEXT_CHARS) {
      String text = new String(repo.blobBytes(attrs.oid()), StandardCharsets.UTF_8);
      try {
        return LfsPatterns.parse(text);
      } catch (IllegalArgumentException e) {
        throw HubError.badRequest(
            "BadRequest",
            "The .gitattributes of "
                + repo.key().id()
                + " at "
                + r.revision()
                + " is too large to evaluate: "
                + e.getMessage()
                + "; send gitAttributes in the request instead");
      }
    }
    return null;
  }
}
