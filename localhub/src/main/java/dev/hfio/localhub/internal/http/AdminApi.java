package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.localhub.internal.error.HubError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;

/** {@code /admin/*}: counters and fault injection over HTTP, guarded by the admin token. */
final class AdminApi {
  private final HubContext ctx;

  AdminApi(HubContext ctx) {
    this.ctx = ctx;
  }

  void handle(Exchange ex) throws IOException {
    // only "Bearer <admin token>"; SHA-256 digests compared in constant time (user tokens never
    // match)
    String auth = ex.header("Authorization");
    String h = auth == null ? "" : auth.trim();
    String token = h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : "";
    if (token.isEmpty() || !MessageDigest.isEqual(sha256(token), sha256(ctx.adminToken()))) {
      throw new HubError(
          401, "Unauthorized", "The admin API needs Authorization: Bearer <admin token>");
    }
    String path = String.join("/", ex.raw);
    switch (ex.method + " " + path) {
      case "GET admin/counters" -> ex.json(200, ctx.ops().counters());
      case "POST admin/counters/reset" -> {
        ctx.ops().resetCounters();
        ex.json(200, Json.obj());
      }
      case "POST admin/faults" -> {
        ctx.ops().inject(parseFault(Json.parse(ex.body(1 << 20), "fault")));
        ex.json(200, Json.obj());
      }
      case "POST admin/gc" -> ex.json(200, ctx.ops().gc());
      case "DELETE admin/faults" -> {
        ctx.ops().clearFaults();
        ex.json(200, Json.obj());
      }
      default ->
          throw new HubError(404, "NotFound", "Unknown admin route " + ex.method + " /" + path);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Fault parseFault(JsonNode b) {
    Fault f;
    try {
      f = Fault.on(RouteClass.fromKey(b.path("routeClass").asText("")));
    } catch (IllegalArgumentException e) {
      throw HubError.badRequest("BadRequest", "routeClass must be api, resolve, lfs or commit");
    }
    String kind = b.path("kind").asText("status");
    f =
        switch (kind) {
          case "status" -> f.status(b.path("status").asInt(500));
          case "rateLimited" -> f.rateLimited(b.path("resetSeconds").asInt(1));
          case "reset" -> f.connectionReset();
          case "truncate" -> f.truncateBody(b.path("afterBytes").asLong(0));
          case "delay" -> f.delay(Duration.ofMillis(b.path("delayMillis").asLong(0)));
          default ->
              throw HubError.badRequest(
                  "BadRequest", "kind must be status|rateLimited|reset|truncate|delay");
        };
    if (b.has("times")) {
      f = f.times(b.get("times").asInt());
    }
    if (b.has("after")) {
      f = f.after(b.get("after").asInt());
    }
    if (b.has("probability")) {
      f = f.withProbability(b.get("probability").asDouble());
    }
    return f;
  }
}
