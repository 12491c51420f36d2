package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The account behind a token ({@code GET /api/whoami-v2}): its name is the default namespace for
 * new repos.
 */
public record WhoAmI(
    String name, String type, String fullname, List<String> orgs, String tokenRole) {
  static WhoAmI from(JsonNode n) {
    List<String> orgs = new ArrayList<>();
    n.path("orgs").forEach(o -> orgs.add(o.path("name").asText()));
    JsonNode role = n.path("auth").path("accessToken").path("role");
    return new WhoAmI(
        n.path("name").asText(),
        n.path("type").asText(null),
        n.path("fullname").asText(null),
        List.copyOf(orgs),
        role.isMissingNode() || role.isNull() ? null : role.asText());
  }
}
