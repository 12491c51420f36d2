package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Shared pieces of the LFS attack tests: batch requests, repo creation per user, leak checks. */
final class LfsAttackSupport {
  private LfsAttackSupport() {}

  /**
   * Random bytes that start with a recognisable marker, so a leak of the content is easy to spot.
   */
  static byte[] secret(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    byte[] marker = ("SECRET-" + seed + "-").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(marker, 0, b, 0, marker.length);
    return b;
  }

  static String createRepo(HubHttp h, String ns, String name, boolean priv) {
    HttpResponse<byte[]> r =
        h.postJson(
            "/api/repos/create",
            Map.of("name", name, "organization", ns, "type", "dataset", "private", priv));
    assertThat(r.statusCode()).as(HubHttp.text(r)).isEqualTo(200);
    return ns + "/" + name;
  }

  static HttpResponse<byte[]> batch(
      HubHttp h, String id, String op, List<String> transfers, String oid, long size) {
    return batchMany(h, id, op, transfers, List.of(Map.of("oid", oid, "size", size)));
  }

  static HttpResponse<byte[]> batchMany(
      HubHttp h, String id, String op, List<String> transfers, List<Map<String, Object>> objects) {
    Map<String, Object> body =
        Map.of("operation", op, "transfers", transfers, "hash_algo", "sha256", "objects", objects);
    try {
      return h.post(
          "/datasets/" + id + ".git/info/lfs/objects/batch",
          "application/vnd.git-lfs+json",
          HubHttp.JSON.writeValueAsBytes(body));
    } catch (java.io.IOException e) {
      throw new RuntimeException(e);
    }
  }

  /** The first object of a 200 batch answer. */
  static JsonNode object0(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).as(HubHttp.text(r)).isEqualTo(200);
    return HubHttp.json(r).get("objects").get(0);
  }

  /** Uploads through the batch API with a basic PUT; asserts the repo had to receive the bytes. */
  static void uploadOwnBytes(HubHttp h, String id, byte[] content) {
    JsonNode o =
        object0(batch(h, id, "upload", List.of("basic"), HubHttp.sha256(content), content.length));
    assertThat(o.has("actions")).as("upload actions for %s", id).isTrue();
    HttpResponse<byte[]> put = h.put(o.at("/actions/upload/href").asText(), content);
    assertThat(put.statusCode()).as(HubHttp.text(put)).isEqualTo(200);
  }

  /**
   * Nothing internal or secret in the response: no exception/class names, stack frames, server
   * paths, tokens, or bytes of the private object (raw or base64).
   */
  static void assertNoLeak(
      HttpResponse<byte[]> r, LocalHub hub, byte[] secretBytes, String... tokens) {
    String marker = new String(secretBytes, 0, 12, StandardCharsets.ISO_8859_1);
    String b64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(secretBytes, 24));
    List<String> forbidden =
        Leaks.forbidden(hub, Path.of("").toAbsolutePath().toString(), marker, b64);
    forbidden.addAll(List.of(tokens));
    Leaks.assertNone(Leaks.text(r), forbidden, "LFS answer");
  }

  static String pointerText(String oid, long size) {
    return "version https://git-lfs.github.com/spec/v1\noid sha256:"
        + oid
        + "\nsize "
        + size
        + "\n";
  }
}
