package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * All refs of a repo ({@code GET /api/<type>s/<id>/refs}); {@code converts} holds e.g.
 * refs/convert/parquet.
 */
public record GitRefs(
    List<GitRef> branches, List<GitRef> tags, List<GitRef> converts, List<GitRef> pullRequests) {
  static GitRefs from(JsonNode n) {
    return new GitRefs(
        list(n.path("branches")),
        list(n.path("tags")),
        list(n.path("converts")),
        list(n.path("pullRequests")));
  }

  private static List<GitRef> list(JsonNode a) {
    List<GitRef> out = new ArrayList<>();
    a.forEach(
        r ->
            out.add(
                new GitRef(
                    r.path("name").asText(),
                    r.path("ref").asText(),
                    r.path("targetCommit").asText(null))));
    return List.copyOf(out);
  }
}
