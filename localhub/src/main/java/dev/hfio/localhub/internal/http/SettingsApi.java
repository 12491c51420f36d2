package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import java.io.IOException;

/**
 * {@code PUT /api/{type}s/{id}/settings} as huggingface_hub's {@code update_repo_settings} sends
 * it: any of {@code private} (boolean), {@code visibility} ({@code "public"}/{@code "private"}) and
 * {@code gated} ({@code false}, {@code "auto"}, {@code "manual"}); owners only. Every field is
 * validated before anything changes. Answers the resulting {@code {"private", "gated"}}; repo info
 * shows the same two fields.
 */
final class SettingsApi {
  private SettingsApi() {}

  static void update(HubContext ctx, Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "settings");
    if (!b.isObject()) {
      throw HubError.badRequest("BadRequest", "The settings body must be a JSON object");
    }
    Boolean priv = null;
    if (b.has("private")) {
      if (!b.get("private").isBoolean()) {
        throw HubError.badRequest("BadRequest", "'private' must be true or false");
      }
      priv = b.get("private").asBoolean();
    }
    if (b.has("visibility")) {
      if (priv != null) {
        throw HubError.badRequest("BadRequest", "Send either 'private' or 'visibility', not both");
      }
      String v = b.get("visibility").isTextual() ? b.get("visibility").asText() : "";
      if (!v.equals("public") && !v.equals("private")) {
        throw HubError.badRequest(
            "BadRequest",
            "'visibility' must be \"public\" or \"private\" (localhub has no"
                + " protected Spaces)");
      }
      priv = v.equals("private");
    }
    boolean setGate = b.has("gated");
    String gate = null;
    if (setGate) {
      JsonNode g = b.get("gated");
      if (g.isBoolean() && !g.asBoolean()) {
        gate = null;
      } else if (g.isTextual()
          && (g.asText().equals(Gating.AUTO) || g.asText().equals(Gating.MANUAL))) {
        gate = g.asText();
      } else {
        throw HubError.badRequest("BadRequest", "'gated' must be false, \"auto\" or \"manual\"");
      }
    }
    if (priv == null && !setGate) {
      throw HubError.badRequest(
          "BadRequest", "No setting to update: send private, visibility or gated");
    }
    ObjectNode o = Json.obj();
    synchronized (repo) {
      if (priv != null) {
        repo.meta().isPrivate = priv;
      }
      if (setGate) {
        repo.meta().gated = gate;
      }
      repo.saveMeta();
      o.put("private", repo.meta().isPrivate);
      gatedField(o, repo);
    }
    ex.json(200, o);
  }

  /** Puts {@code "gated": false|"auto"|"manual"} as repo info and lists show it. */
  static void gatedField(ObjectNode o, HubRepo repo) {
    String g;
    synchronized (repo) {
      g = repo.meta().gated;
    }
    if (g == null) {
      o.put("gated", false);
    } else {
      o.put("gated", g);
    }
  }
}
