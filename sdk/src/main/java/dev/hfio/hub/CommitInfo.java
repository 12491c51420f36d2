package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One entry of a repo's history ({@code GET /api/<type>s/<id>/commits/<rev>}), newest first. */
public record CommitInfo(
    String id, String title, String message, String date, List<String> authors) {
  static CommitInfo from(JsonNode n) {
    List<String> a = new ArrayList<>();
    n.path("authors").forEach(x -> a.add(x.path("user").asText()));
    return new CommitInfo(
        n.path("id").asText(),
        n.path("title").asText(null),
        n.path("message").asText(null),
        n.path("date").asText(null),
        List.copyOf(a));
  }
}
