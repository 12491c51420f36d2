package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoMeta;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;

/**
 * Access requests of gated repos, as the Hub and huggingface_hub's {@code list_*_access_requests},
 * {@code accept/reject/cancel_access_request} and {@code grant_access} use them: a user asks at
 * {@code POST /{type}/{id}/ask-access} ({@code auto} gating accepts at once, {@code manual} leaves
 * it pending); the repo's owners list requests by status and move them with {@code
 * user-access-request/handle} and {@code user-access-request/grant}. Everything is kept in the
 * repo's {@code localhub.json}.
 */
final class GatingApi {
  private static final Set<String> STATUSES = Set.of("pending", "accepted", "rejected");

  /** The Hub's limit of a rejection reason. */
  static final int MAX_REASON_CHARS = 200;

  private final HubContext ctx;

  GatingApi(HubContext ctx) {
    this.ctx = ctx;
  }

  /** {@code POST /{type}/{id}/ask-access}: the caller asks for access to the files. */
  void askAccess(Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    if (p == null) {
      throw new HubError(
          401,
          "Unauthorized",
          "Asking for access to "
              + repo.key().id()
              + " needs a token: send Authorization: Bearer hf_...");
    }
    String status;
    synchronized (repo) {
      RepoMeta m = repo.meta();
      if (m.gated == null) {
        throw notGated(repo);
      }
      RepoMeta.AccessRequest r = Gating.request(m, p.user());
      if (Gating.isAdmin(p, repo)) {
        status = "accepted"; // owners have access without a request
      } else if (r != null) {
        status = r.status; // asking again changes nothing (a rejected user stays rejected)
      } else {
        r = new RepoMeta.AccessRequest();
        r.user = p.user();
        r.status = m.gated.equals(Gating.AUTO) ? "accepted" : "pending";
        r.timestamp = Instant.now().toString();
        m.accessRequests.add(r);
        repo.saveMeta();
        status = r.status;
      }
    }
    ObjectNode o = Json.obj();
    o.put("status", status);
    ex.json(200, o);
  }

  /**
   * {@code GET /api/{type}s/{id}/user-access-request/{status}}: the requests with that status
   * (owners only).
   */
  void list(Exchange ex, RepoKey k, String status) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    if (!STATUSES.contains(status)) {
      throw HubError.badRequest(
          "BadRequest", "Unknown access request status; use pending, accepted or rejected");
    }
    ArrayNode out = Json.arr();
    synchronized (repo) {
      if (repo.meta().gated == null) {
        throw notGated(repo);
      }
      for (RepoMeta.AccessRequest r : repo.meta().accessRequests) {
        if (!r.status.equals(status)) {
          continue;
        }
        ObjectNode o = out.addObject();
        ObjectNode u = o.putObject("user");
        u.put("user", r.user);
        u.put("fullname", r.user);
        u.put("email", r.user + "@localhub.invalid");
        u.put("type", "user");
        u.put("avatarUrl", "");
        o.put("status", r.status);
        o.put("timestamp", Json.date(Instant.parse(r.timestamp)));
        if (r.rejectionReason != null) {
          o.put("rejectionReason", r.rejectionReason);
        }
      }
    }
    ex.json(200, out);
  }

  /**
   * {@code POST /api/{type}s/{id}/user-access-request/handle} with {@code {"user", "status",
   * "rejectionReason"?}}: accept, reject or cancel (back to pending) an existing request.
   */
  void handle(Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "access request");
    String user = userField(b);
    String status = b.path("status").isTextual() ? b.get("status").asText() : "";
    if (!STATUSES.contains(status)) {
      throw HubError.badRequest("BadRequest", "'status' must be pending, accepted or rejected");
    }
    String reason = null;
    if (b.hasNonNull("rejectionReason")) {
      if (!status.equals("rejected") || !b.get("rejectionReason").isTextual()) {
        throw HubError.badRequest(
            "BadRequest", "'rejectionReason' is a string, allowed only with status rejected");
      }
      reason = b.get("rejectionReason").asText();
      if (reason.length() > MAX_REASON_CHARS) {
        throw HubError.badRequest(
            "BadRequest", "'rejectionReason' has at most " + MAX_REASON_CHARS + " characters");
      }
    }
    synchronized (repo) {
      RepoMeta m = repo.meta();
      if (m.gated == null) {
        throw notGated(repo);
      }
      requireUser(user);
      RepoMeta.AccessRequest r = Gating.request(m, user);
      if (r == null) {
        throw new HubError(
            404,
            "AccessRequestNotFound",
            "User "
                + user
                + " has no access request for "
                + repo.key().id()
                + "; grant access instead");
      }
      if (r.status.equals(status)) {
        throw new HubError(
            404,
            "AccessRequestNotFound",
            "The access request of " + user + " for " + repo.key().id() + " is already " + status);
      }
      r.status = status;
      r.rejectionReason = reason;
      r.timestamp = Instant.now().toString();
      repo.saveMeta();
    }
    ex.json(200, Json.obj());
  }

  /**
   * {@code POST /api/{type}s/{id}/user-access-request/grant} with {@code {"user"}}: access without
   * a request.
   */
  void grant(Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    String user = userField(Json.parse(ex.body(ctx.maxBodyBytes()), "access grant"));
    synchronized (repo) {
      RepoMeta m = repo.meta();
      if (m.gated == null) {
        throw notGated(repo);
      }
      requireUser(user);
      RepoMeta.AccessRequest r = Gating.request(m, user);
      if (r != null && r.status.equals("accepted")) {
        throw HubError.badRequest(
            "AlreadyHasAccess", "User " + user + " already has access to " + repo.key().id());
      }
      if (r == null) {
        r = new RepoMeta.AccessRequest();
        r.user = user;
        m.accessRequests.add(r);
      }
      r.status = "accepted";
      r.rejectionReason = null;
      r.timestamp = Instant.now().toString();
      repo.saveMeta();
    }
    ObjectNode o = Json.obj();
    o.put("user", user);
    o.put("status", "accepted");
    ex.json(200, o);
  }

  private static String userField(JsonNode b) {
    JsonNode u = b.path("user");
    if (!u.isTextual() || u.asText().isEmpty()) {
      throw HubError.badRequest("BadRequest", "The body needs a 'user' string (a user name)");
    }
    return u.asText();
  }

  /**
   * Only users known to this hub (those with a token) can be handled; the name is echoed only when
   * valid.
   */
  private void requireUser(String user) {
    if (!RepoKey.isValidName(user) || !ctx.tokens().hasUser(user)) {
      throw new HubError(
          404,
          "UserNotFound",
          "No such user"
              + (RepoKey.isValidName(user) ? ": " + user : "")
              + "; check the user name");
    }
  }

  private static HubError notGated(HubRepo repo) {
    return HubError.badRequest(
        "RepoNotGated",
        "Repository "
            + repo.key().id()
            + " is not gated; enable gating first (PUT /api/"
            + repo.key().type().plural()
            + "/"
            + repo.key().id()
            + "/settings with {\"gated\": \"auto\"} or \"manual\")");
  }
}
