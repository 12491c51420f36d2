package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.Resolved;
import dev.hfio.localhub.internal.storage.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Tree routes: the (paged, optionally expanded and recursive) tree listing and paths-info. */
final class TreeApi {
  private final HubContext ctx;

  TreeApi(HubContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Body limit of paths-info and preupload: 1,000 paths of 4 KiB or 256 files plus a 1 MiB
   * gitAttributes fit.
   */
  static final long SMALL_BODY = 16L << 20;

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
        start =
            Integer.parseInt(
                new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        start = -1;
      }
      if (start < 0 || start > all.size()) {
        throw HubError.badRequest(
            "BadRequest",
            "Invalid cursor for the tree of "
                + k.id()
                + " at "
                + rp.revision()
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
      String next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8));
      ex.setHeader("Link", "<" + Paging.selfUrl(ex, Map.of("cursor", next)) + ">; rel=\"next\"");
    }
    ex.json(200, out);
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
        throw HubError.badRequest(
            "BadRequest", "'paths' of the paths-info body must be an array of strings");
      }
      for (JsonNode p : arr) {
        if (!p.isTextual()) {
          throw HubError.badRequest(
              "BadRequest", "'paths' of the paths-info body must be an array of strings");
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
      throw new HubError(
          413, "PayloadTooLarge", "too many parameters: at most 1000 paths per paths-info call");
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
}
