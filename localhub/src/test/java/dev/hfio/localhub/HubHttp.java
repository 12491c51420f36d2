package dev.hfio.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Test helper: a tiny Hub client over java.net.http against a running localhub. */
final class HubHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final String base;
  String token;

  HubHttp(LocalHub hub) {
    this(hub.url(), hub.writeToken());
  }

  HubHttp(String base, String token) {
    this.base = base;
    this.token = token;
  }

  HubHttp as(String otherToken) {
    return new HubHttp(base, otherToken);
  }

  HttpRequest.Builder req(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpResponse<byte[]> send(HttpRequest r) {
    try {
      return client.send(r, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new RuntimeException(e);
    }
  }

  HttpResponse<byte[]> get(String path, String... headers) {
    HttpRequest.Builder b = req(path).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> head(String path, String... headers) {
    HttpRequest.Builder b = req(path).method("HEAD", HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> post(String path, String contentType, byte[] body) {
    return send(
        req(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  HttpResponse<byte[]> postJson(String path, Object body) {
    try {
      return post(path, "application/json", JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  HttpResponse<byte[]> delete(String path, Object body) {
    try {
      return send(
          req(path)
              .header("Content-Type", "application/json")
              .method(
                  "DELETE", HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build());
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  HttpResponse<byte[]> put(String url, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  static JsonNode json(HttpResponse<byte[]> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new RuntimeException(new String(r.body(), StandardCharsets.UTF_8), e);
    }
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static String code(HttpResponse<byte[]> r) {
    return r.headers().firstValue("X-Error-Code").orElse(null);
  }

  /** Creates a dataset repo {@code dev/<name>} and returns its id. */
  String createDataset(String name, boolean priv) {
    HttpResponse<byte[]> r =
        postJson("/api/repos/create", Map.of("name", name, "type", "dataset", "private", priv));
    if (r.statusCode() != 200) {
      throw new AssertionError("create failed: " + r.statusCode() + " " + text(r));
    }
    return "dev/" + name;
  }

  String headSha(String id) {
    return headSha(id, "main");
  }

  String headSha(String id, String branch) {
    HttpResponse<byte[]> r = get("/api/datasets/" + id + "/revision/" + branch);
    if (r.statusCode() != 200) {
      throw new AssertionError("info failed: " + r.statusCode() + " " + text(r));
    }
    return json(r).get("sha").asText();
  }

  /** NDJSON commit builder. */
  static final class Ndjson {
    final List<Map<String, Object>> lines = new ArrayList<>();

    Ndjson(String summary, String parent) {
      Map<String, Object> h = new java.util.LinkedHashMap<>();
      h.put("summary", summary);
      h.put("description", "");
      if (parent != null) {
        h.put("parentCommit", parent);
      }
      lines.add(Map.of("key", "header", "value", h));
    }

    Ndjson file(String path, byte[] content) {
      lines.add(
          Map.of(
              "key",
              "file",
              "value",
              Map.of(
                  "path",
                  path,
                  "encoding",
                  "base64",
                  "content",
                  Base64.getEncoder().encodeToString(content))));
      return this;
    }

    Ndjson file(String path, String content) {
      return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    Ndjson lfs(String path, String oid, long size) {
      lines.add(
          Map.of(
              "key",
              "lfsFile",
              "value",
              Map.of("path", path, "algo", "sha256", "oid", oid, "size", size)));
      return this;
    }

    Ndjson delete(String path) {
      lines.add(Map.of("key", "deletedFile", "value", Map.of("path", path)));
      return this;
    }

    Ndjson deleteFolder(String path) {
      lines.add(Map.of("key", "deletedFolder", "value", Map.of("path", path)));
      return this;
    }

    byte[] bytes() {
      StringBuilder sb = new StringBuilder();
      try {
        for (Map<String, Object> l : lines) {
          sb.append(JSON.writeValueAsString(l)).append('\n');
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  HttpResponse<byte[]> commit(String id, String rev, Ndjson body) {
    return post("/api/datasets/" + id + "/commit/" + rev, "application/x-ndjson", body.bytes());
  }

  /** Commits and asserts success; returns the new commit id. */
  String commitOk(String id, Ndjson body) {
    HttpResponse<byte[]> r = commit(id, "main", body);
    if (r.statusCode() != 200) {
      throw new AssertionError("commit failed: " + r.statusCode() + " " + text(r));
    }
    return json(r).get("commitOid").asText();
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  /** Uploads bytes as an LFS object with the basic transfer. */
  void uploadLfs(String id, byte[] content) {
    String oid = sha256(content);
    HttpResponse<byte[]> r =
        post(
            "/datasets/" + id + ".git/info/lfs/objects/batch",
            "application/vnd.git-lfs+json",
            ("{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"hash_algo\":\"sha256\",\"objects\":[{\"oid\":\""
                    + oid
                    + "\",\"size\":"
                    + content.length
                    + "}]}")
                .getBytes(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new AssertionError("batch failed: " + text(r));
    }
    JsonNode obj = json(r).get("objects").get(0);
    if (obj.has("actions")) {
      HttpResponse<byte[]> p = put(obj.get("actions").get("upload").get("href").asText(), content);
      if (p.statusCode() != 200) {
        throw new AssertionError("upload failed: " + text(p));
      }
    }
  }
}
