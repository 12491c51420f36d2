package dev.hfio.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * localhub's request counters over its admin HTTP API, so a child JVM can take before/after
 * snapshots around the planning and the running of its pipeline while the hub lives in the parent.
 */
final class HubCounters {
  static final List<String> KEYS = List.of("api", "resolve", "cdn", "lfs", "commit", "bytesServed");
  private final String url;
  private final String adminToken;
  private final HttpClient http = HttpClient.newHttpClient();

  HubCounters(String url, String adminToken) {
    this.url = url;
    this.adminToken = adminToken;
  }

  Map<String, Long> snapshot() {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(send("GET", "/admin/counters"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "localhub /admin/counters answered unreadable JSON: " + e.getMessage(), e);
    }
    Map<String, Long> m = new LinkedHashMap<>();
    for (String k : KEYS) {
      m.put(k, n.path(k).asLong(0));
    }
    JsonNode all = n;
    all.fieldNames().forEachRemaining(k -> m.putIfAbsent(k, all.path(k).asLong(0)));
    return m;
  }

  void reset() {
    send("POST", "/admin/counters/reset");
  }

  static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> d = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long v = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (v != 0 || KEYS.contains(e.getKey())) {
        d.put(e.getKey(), v);
      }
    }
    return d;
  }

  /**
   * Requests of the {@code /resolve} route (GET and HEAD) in a phase's counters: localhub's {@code
   * resolve} class also counts {@code /raw}, which HfIO does not use, so this sums the detail keys.
   */
  static long resolveRoute(JsonNode phase) {
    long n = 0;
    var it = phase.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getKey().startsWith("resolve:") && e.getKey().endsWith("/resolve")) {
        n += e.getValue().asLong();
      }
    }
    return n;
  }

  /** 429 answers localhub gave in a phase, over every bucket ({@code rateLimited:<bucket>}). */
  static long rateLimited(JsonNode phase) {
    long n = 0;
    var it = phase.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getKey().startsWith("rateLimited:")) {
        n += e.getValue().asLong();
      }
    }
    return n;
  }

  private String send(String method, String path) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Authorization", "Bearer " + adminToken)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "localhub " + method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(
          "localhub " + method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling localhub " + path, e);
    }
  }
}
