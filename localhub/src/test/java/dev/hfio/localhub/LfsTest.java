package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LfsTest {
  @RegisterExtension
  static LocalHubExtension HUB = new LocalHubExtension(b -> b.multipartChunkSize(1000));

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  HttpResponse<byte[]> batch(
      HubHttp h, String id, String op, List<String> transfers, byte[]... objects) {
    StringBuilder sb =
        new StringBuilder(
            "{\"operation\":\"" + op + "\",\"hash_algo\":\"sha_256\",\"transfers\":[");
    for (int i = 0; i < transfers.size(); i++) {
      sb.append(i > 0 ? "," : "").append('"').append(transfers.get(i)).append('"');
    }
    sb.append("],\"objects\":[");
    for (int i = 0; i < objects.length; i++) {
      sb.append(i > 0 ? "," : "")
          .append("{\"oid\":\"")
          .append(HubHttp.sha256(objects[i]))
          .append("\",\"size\":")
          .append(objects[i].length)
          .append('}');
    }
    sb.append("]}");
    return h.post(
        "/datasets/" + id + ".git/info/lfs/objects/batch",
        "application/vnd.git-lfs+json",
        sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void basicUploadChunkedPutVerifyDownloadAndAlreadyPresent() throws Exception {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("lfsbasic", false);
    byte[] data = random(800, 1);
    HttpResponse<byte[]> b = batch(h, id, "upload", List.of("basic", "multipart"), data);
    assertThat(b.statusCode()).isEqualTo(200);
    assertThat(b.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/vnd.git-lfs+json");
    JsonNode obj = json(b).get("objects").get(0);
    assertThat(json(b).get("transfer").asText()).isEqualTo("basic");
    String href = obj.at("/actions/upload/href").asText();
    assertThat(href).startsWith("http://");
    // chunked PUT without Authorization
    HttpResponse<byte[]> put =
        h.client.send(
            HttpRequest.newBuilder(URI.create(href))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(put.statusCode()).isEqualTo(200);
    // one-time URL
    assertThat(h.put(href, data).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> verify =
        h.send(
            HttpRequest.newBuilder(URI.create(obj.at("/actions/verify/href").asText()))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"oid\":\"" + HubHttp.sha256(data) + "\",\"size\":800}"))
                .build());
    assertThat(verify.statusCode()).isEqualTo(200);
    JsonNode again = json(batch(h, id, "upload", List.of("basic"), data)).get("objects").get(0);
    assertThat(again.has("actions")).isFalse();
    assertThat(again.get("size").asLong()).isEqualTo(800);
    JsonNode dl = json(batch(h, id, "download", List.of("basic"), data)).get("objects").get(0);
    HttpResponse<byte[]> got = h.as(null).get(dl.at("/actions/download/href").asText());
    assertThat(got.body()).isEqualTo(data);
    assertThat(
            HUB.hub()
                .dataDir()
                .resolve("lfs")
                .resolve(HubHttp.sha256(data).substring(0, 2))
                .resolve(HubHttp.sha256(data).substring(2, 4))
                .resolve(HubHttp.sha256(data)))
        .exists();
  }

  @Test
  void uploadMismatchIsRejectedAndNotStored() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("lfsbad", false);
    byte[] data = random(500, 2);
    JsonNode obj = json(batch(h, id, "upload", List.of("basic"), data)).get("objects").get(0);
    String href = obj.at("/actions/upload/href").asText();
    byte[] wrong = data.clone();
    wrong[0] ^= 1;
    HttpResponse<byte[]> r = h.put(href, wrong);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("LfsVerificationFailed");
    HttpResponse<byte[]> shortBody = h.put(href, Arrays.copyOf(data, 499));
    assertThat(code(shortBody)).isEqualTo("LfsVerificationFailed");
    assertThat(
            json(batch(h, id, "upload", List.of("basic"), data))
                .get("objects")
                .get(0)
                .has("actions"))
        .isTrue();
    assertThat(
            code(
                h.commit(
                    id,
                    "main",
                    new HubHttp.Ndjson("x", null).lfs("d.bin", HubHttp.sha256(data), 500))))
        .isEqualTo("LfsObjectNotFound");
    // the ticket survives a failed attempt: a correct retry works
    assertThat(h.put(href, data).statusCode()).isEqualTo(200);
    // uploads need a write token
    assertThat(batch(h.as(null), id, "upload", List.of("basic"), data).statusCode()).isEqualTo(401);
    assertThat(
            batch(h.as(HUB.hub().readToken()), id, "upload", List.of("basic"), data).statusCode())
        .isEqualTo(403);
  }

  @Test
  void multipartUpload() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("lfsmp", false);
    byte[] data = random(2500, 3);
    HttpResponse<byte[]> b = batch(h, id, "upload", List.of("basic", "multipart"), data);
    assertThat(json(b).get("transfer").asText()).isEqualTo("multipart");
    JsonNode upload = json(b).at("/objects/0/actions/upload");
    JsonNode header = upload.get("header");
    assertThat(header.get("chunk_size").asText()).isEqualTo("1000");
    List<String> partKeys = new ArrayList<>();
    for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("chunk_size")) {
        partKeys.add(k);
      }
    }
    assertThat(partKeys).containsExactly("00001", "00002", "00003");
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] chunk = Arrays.copyOfRange(data, i * 1000, Math.min(data.length, (i + 1) * 1000));
      HttpResponse<byte[]> pr = h.put(header.get(partKeys.get(i)).asText(), chunk);
      assertThat(pr.statusCode()).isEqualTo(200);
      String etag = pr.headers().firstValue("ETag").orElseThrow();
      parts.add(Map.of("partNumber", i + 1, "etag", etag));
    }
    // wrong etag -> rejected, nothing stored
    List<Map<String, Object>> badParts = new ArrayList<>(parts);
    badParts.set(1, Map.of("partNumber", 2, "etag", "\"nope\""));
    HttpResponse<byte[]> bad =
        h.as(null)
            .postJson(
                upload.get("href").asText(),
                Map.of("oid", HubHttp.sha256(data), "parts", badParts));
    assertThat(bad.statusCode()).isEqualTo(400);
    HttpResponse<byte[]> done =
        h.as(null)
            .postJson(
                upload.get("href").asText(), Map.of("oid", HubHttp.sha256(data), "parts", parts));
    assertThat(done.statusCode()).as(HubHttp.text(done)).isEqualTo(200);
    h.commitOk(
        id, new HubHttp.Ndjson("mp", null).lfs("big.bin", HubHttp.sha256(data), data.length));
    assertThat(CdnDownloads.get(h, "/datasets/" + id + "/resolve/main/big.bin").body())
        .isEqualTo(data);
    // basic-only clients still get a single PUT even for large objects
    byte[] other = random(2500, 4);
    assertThat(
            json(batch(h, id, "upload", List.of("basic"), other))
                .at("/objects/0/actions/upload/header")
                .isMissingNode())
        .isTrue();
  }
}
