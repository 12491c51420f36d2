package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Repository metadata at a revision ({@code GET /api/<type>s/<id>[/revision/<rev>]}). {@link
 * #sha()} is the commit the revision resolved to; {@link #raw()} keeps the full answer (cardData,
 * tags, ...).
 */
public record RepoInfo(
    RepoRef repo,
    String sha,
    boolean isPrivate,
    String gated,
    boolean disabled,
    String lastModified,
    List<String> siblings,
    JsonNode raw) {
  static RepoInfo from(RepoRef repo, JsonNode n) {
    List<String> sib = new ArrayList<>();
    n.path("siblings").forEach(s -> sib.add(s.path("rfilename").asText()));
    JsonNode g = n.path("gated");
    return new RepoInfo(
        repo,
        n.path("sha").asText(null),
        n.path("private").asBoolean(false),
        g.isMissingNode() || g.isNull() ? "false" : g.asText(),
        n.path("disabled").asBoolean(false),
        n.path("lastModified").asText(null),
        List.copyOf(sib),
        n);
  }
}
