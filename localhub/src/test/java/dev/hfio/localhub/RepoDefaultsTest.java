package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Hub's defaults: the initial {@code .gitattributes} per repo type (and preupload's fallback to
 * it), the README a {@code license} writes at creation, the derived {@code tags} of repo info,
 * {@code securityFileStatus} of expanded entries, and the status codes of reads of missing, private
 * and invalid repos.
 */
class RepoDefaultsTest {
  static final String ALICE = "hf_alice_defaults_token_xxxxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB = new LocalHubExtension(b -> b.user("alice", ALICE, Role.WRITE));

  static final String LFS = " filter=lfs diff=lfs merge=lfs -text\n";

  static String rules(String... patterns) {
    StringBuilder sb = new StringBuilder();
    for (String p : patterns) {
      sb.append(p.startsWith("#") ? p + "\n" : p + LFS);
    }
    return sb.toString();
  }

  /** The Hub's model (and Space) template. */
  static final String MODEL =
      rules(
          "*.7z",
          "*.arrow",
          "*.bin",
          "*.bz2",
          "*.ckpt",
          "*.ftz",
          "*.gz",
          "*.h5",
          "*.joblib",
          "*.lfs.*",
          "*.mlmodel",
          "*.model",
          "*.msgpack",
          "*.npy",
          "*.npz",
          "*.onnx",
          "*.ot",
          "*.parquet",
          "*.pb",
          "*.pickle",
          "*.pkl",
          "*.pt",
          "*.pth",
          "*.rar",
          "*.safetensors",
          "saved_model/**/*",
          "*.tar.*",
          "*.tar",
          "*.tflite",
          "*.tgz",
          "*.wasm",
          "*.xz",
          "*.zip",
          "*.zst",
          "*tfevents*");

  /** The Hub's dataset template. */
  static final String DATASET =
      rules(
          "*.7z",
          "*.arrow",
          "*.avro",
          "*.bin",
          "*.bz2",
          "*.ckpt",
          "*.ftz",
          "*.gz",
          "*.h5",
          "*.joblib",
          "*.lfs.*",
          "*.lz4",
          "*.mds",
          "*.mlmodel",
          "*.model",
          "*.msgpack",
          "*.npy",
          "*.npz",
          "*.onnx",
          "*.ot",
          "*.parquet",
          "*.pb",
          "*.pickle",
          "*.pkl",
          "*.pt",
          "*.pth",
          "*.rar",
          "*.safetensors",
          "saved_model/**/*",
          "*.tar.*",
          "*.tar",
          "*.tflite",
          "*.tgz",
          "*.wasm",
          "*.xz",
          "*.zip",
          "*.zst",
          "*tfevents*",
          "# Audio files - uncompressed",
          "*.pcm",
          "*.sam",
          "*.raw",
          "# Audio files - compressed",
          "*.aac",
          "*.flac",
          "*.mp3",
          "*.ogg",
          "*.wav",
          "# Image files - uncompressed",
          "*.bmp",
          "*.gif",
          "*.png",
          "*.tiff",
          "# Image files - compressed",
          "*.jpg",
          "*.jpeg",
          "*.webp",
          "# Video files - compressed",
          "*.mp4",
          "*.webm");

  @Test
  void initialGitattributesIsTheHubsTemplate() {
    HubHttp h = new HubHttp(HUB.hub());
    String ds = h.createDataset("attrs", false);
    assertThat(text(h.get("/datasets/" + ds + "/resolve/main/.gitattributes"))).isEqualTo(DATASET);
    assertThat(h.postJson("/api/repos/create", Map.of("name", "attrs-model")).statusCode())
        .isEqualTo(200);
    assertThat(text(h.get("/dev/attrs-model/resolve/main/.gitattributes"))).isEqualTo(MODEL);
    assertThat(
            h.postJson("/api/repos/create", Map.of("name", "attrs-space", "type", "space"))
                .statusCode())
        .isEqualTo(200);
    assertThat(text(h.get("/spaces/dev/attrs-space/resolve/main/.gitattributes"))).isEqualTo(MODEL);
  }

  static Map<String, String> modes(HubHttp h, String api, String... paths) {
    List<Map<String, Object>> files = new ArrayList<>();
    for (String p : paths) {
      files.add(Map.of("path", p, "size", 10, "sample", "aGVsbG8gd29ybGQ="));
    }
    HttpResponse<byte[]> r = h.postJson(api + "/preupload/main", Map.of("files", files));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    Map<String, String> out = new LinkedHashMap<>();
    json(r)
        .get("files")
        .forEach(f -> out.put(f.get("path").asText(), f.get("uploadMode").asText()));
    return out;
  }

  @Test
  void preuploadFallsBackToTheTemplateOfTheType() {
    HubHttp h = new HubHttp(HUB.hub());
    String ds = h.createDataset("fallback", false);
    assertThat(h.postJson("/api/repos/create", Map.of("name", "fallback-model")).statusCode())
        .isEqualTo(200);
    // without a .gitattributes at the revision, preupload applies the initial one of the repo type
    h.commitOk(ds, new HubHttp.Ndjson("no attrs", null).delete(".gitattributes"));
    assertThat(
            h.post(
                    "/api/models/dev/fallback-model/commit/main",
                    "application/x-ndjson",
                    new HubHttp.Ndjson("no attrs", null).delete(".gitattributes").bytes())
                .statusCode())
        .isEqualTo(200);
    String[] paths = {
      "w.lfs.json",
      "saved_model/variables/variables.index",
      "shards/a.tar.part1",
      "img.tiff",
      "clip.webm",
      "x.avro",
      "notes.txt",
      "IMG.PNG"
    };
    assertThat(modes(h, "/api/datasets/" + ds, paths))
        .containsExactly(
            Map.entry("w.lfs.json", "lfs"),
            Map.entry("saved_model/variables/variables.index", "lfs"),
            Map.entry("shards/a.tar.part1", "lfs"),
            Map.entry("img.tiff", "lfs"),
            Map.entry("clip.webm", "lfs"),
            Map.entry("x.avro", "lfs"),
            Map.entry("notes.txt", "regular"),
            Map.entry("IMG.PNG", "regular"));
    assertThat(modes(h, "/api/models/dev/fallback-model", paths))
        .containsExactly(
            Map.entry("w.lfs.json", "lfs"),
            Map.entry("saved_model/variables/variables.index", "lfs"),
            Map.entry("shards/a.tar.part1", "lfs"),
            Map.entry("img.tiff", "regular"),
            Map.entry("clip.webm", "regular"),
            Map.entry("x.avro", "regular"),
            Map.entry("notes.txt", "regular"),
            Map.entry("IMG.PNG", "regular"));
  }

  @Test
  void licenseWritesAReadmeInTheInitialCommit() {
    HubHttp h = new HubHttp(HUB.hub());
    HttpResponse<byte[]> r =
        h.postJson(
            "/api/repos/create",
            Map.of("name", "licensed", "type", "dataset", "license", "apache-2.0"));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    assertThat(text(h.get("/datasets/dev/licensed/resolve/main/README.md")))
        .isEqualTo("---\nlicense: apache-2.0\n---\n");
    JsonNode commits = json(h.get("/api/datasets/dev/licensed/commits/main"));
    assertThat(commits).hasSize(1);
    JsonNode info = json(h.get("/api/datasets/dev/licensed"));
    assertThat(info.get("cardData").get("license").asText()).isEqualTo("apache-2.0");
    assertThat(info.get("tags").toString()).contains("\"license:apache-2.0\"");
    // an invalid license id creates nothing
    for (Object bad :
        List.of("MIT; rm -rf /", "", "x".repeat(65), 42, List.of("mit"), "../etc/passwd")) {
      HttpResponse<byte[]> b =
          h.postJson(
              "/api/repos/create", Map.of("name", "badlicense", "type", "dataset", "license", bad));
      assertThat(b.statusCode()).as(String.valueOf(bad)).isEqualTo(400);
      assertThat(code(b)).isEqualTo("BadRequest");
      assertThat(text(b)).doesNotContain("rm -rf", "etc/passwd");
      assertThat(h.get("/api/datasets/dev/badlicense").statusCode()).isEqualTo(404);
    }
  }

  static List<String> tags(HubHttp h, String api) {
    List<String> out = new ArrayList<>();
    json(h.get(api)).get("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  @Test
  void derivedTagsOfRepoInfo() {
    HubHttp h = new HubHttp(HUB.hub());
    String ds = h.createDataset("tagged", false);
    assertThat(tags(h, "/api/datasets/" + ds)).containsExactly("region:us");
    h.commitOk(
        ds,
        new HubHttp.Ndjson("card", null)
            .file(
                "README.md",
                "---\nlicense: mit\nlanguage:\n- en\n- fr\n"
                    + "tags:\n- chemistry\n- 2024\ntask_categories:\n- text-classification\nsize_categories:\n- n<1K\n---\n# x\n")
            .file("data/train.parquet", "PAR1")
            .file("data/extra.jsonl", "{}\n")
            .file("images/a.png", "png"));
    assertThat(tags(h, "/api/datasets/" + ds))
        .containsExactly(
            "chemistry",
            "2024",
            "task_categories:text-classification",
            "language:en",
            "language:fr",
            "license:mit",
            "size_categories:n<1K",
            "format:imagefolder",
            "format:json",
            "format:parquet",
            "modality:image",
            "modality:tabular",
            "modality:text",
            "library:datasets",
            "library:pandas",
            "library:mlcroissant",
            "library:polars",
            "region:us");
    // a csv-only dataset without a card
    String csv = h.createDataset("csvonly", false);
    h.commitOk(csv, new HubHttp.Ndjson("csv", null).file("train.csv", "a,b\n1,2\n"));
    assertThat(tags(h, "/api/datasets/" + csv))
        .containsExactly(
            "format:csv",
            "modality:tabular",
            "library:datasets",
            "library:pandas",
            "library:mlcroissant",
            "library:polars",
            "region:us");
    // models: card tags, library, pipeline, safetensors, license
    assertThat(
            h.postJson("/api/repos/create", Map.of("name", "tagged-model", "license", "mit"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            h.post(
                    "/api/models/dev/tagged-model/commit/main",
                    "application/x-ndjson",
                    new HubHttp.Ndjson("card", null)
                        .file(
                            "README.md",
                            "---\nlicense: mit\nlibrary_name: transformers\n"
                                + "pipeline_tag: text-generation\ntags:\n- llm\n---\n")
                        .file("model.safetensors", "x")
                        .bytes())
                .statusCode())
        .isEqualTo(200);
    assertThat(tags(h, "/api/models/dev/tagged-model"))
        .containsExactly(
            "llm", "transformers", "text-generation", "safetensors", "license:mit", "region:us");
  }

  @Test
  void securityFileStatusOfExpandedEntries() {
    HubHttp h = new HubHttp(HUB.hub());
    String ds = h.createDataset("scanned", false);
    h.commitOk(ds, new HubHttp.Ndjson("files", null).file("a.txt", "a").file("m/model.pkl", "p"));
    JsonNode tree = json(h.get("/api/datasets/" + ds + "/tree/main?recursive=true&expand=true"));
    Map<String, JsonNode> byPath = new LinkedHashMap<>();
    tree.forEach(e -> byPath.put(e.get("path").asText(), e));
    JsonNode txt = byPath.get("a.txt").get("securityFileStatus");
    assertThat(txt.get("status").asText()).isEqualTo("safe");
    assertThat(txt.get("avScan").get("virusFound").asBoolean(true)).isFalse();
    assertThat(txt.has("pickleImportScan")).isTrue();
    assertThat(txt.get("pickleImportScan").isNull()).isTrue();
    JsonNode pkl = byPath.get("m/model.pkl").get("securityFileStatus");
    assertThat(pkl.get("pickleImportScan").get("highestSafetyLevel").asText())
        .isEqualTo("innocuous");
    assertThat(pkl.get("pickleImportScan").get("imports").isArray()).isTrue();
    assertThat(byPath.get("m").has("securityFileStatus")).isFalse(); // directories have none
    // not without expand
    json(h.get("/api/datasets/" + ds + "/tree/main?recursive=true"))
        .forEach(e -> assertThat(e.has("securityFileStatus")).isFalse());
    // paths-info with expand (JSON as huggingface.js, form as huggingface_hub)
    JsonNode pi =
        json(
            h.postJson(
                "/api/datasets/" + ds + "/paths-info/main",
                Map.of("paths", List.of("a.txt"), "expand", true)));
    assertThat(pi.get(0).get("securityFileStatus").get("status").asText()).isEqualTo("safe");
    pi =
        json(
            h.post(
                "/api/datasets/" + ds + "/paths-info/main",
                "application/x-www-form-urlencoded",
                "paths=m%2Fmodel.pkl&expand=true".getBytes(StandardCharsets.UTF_8)));
    assertThat(pi.get(0).get("securityFileStatus").get("status").asText()).isEqualTo("safe");
    pi =
        json(
            h.post(
                "/api/datasets/" + ds + "/paths-info/main",
                "application/x-www-form-urlencoded",
                "paths=a.txt&expand=false".getBytes(StandardCharsets.UTF_8)));
    assertThat(pi.get(0).has("securityFileStatus")).isFalse();
  }

  @Test
  void readsOfMissingPrivateAndInvalidReposAnswerAsTheHub() {
    HubHttp dev = new HubHttp(HUB.hub());
    String priv = dev.createDataset("hidden", true);
    HubHttp anon = dev.as(null);
    HubHttp alice = dev.as(ALICE);
    for (String url :
        List.of(
            "/api/datasets/%s",
            "/api/datasets/%s/tree/main",
            "/datasets/%s/resolve/main/a.txt",
            "/api/datasets/%s/refs",
            "/api/datasets/%s/revision/main")) {
      for (String id : List.of(priv, "dev/missing", "dev/..", "dev/a--b", "-x/y", "dev/name.git")) {
        String u = String.format(url, id);
        HttpResponse<byte[]> a = anon.get(u);
        assertThat(a.statusCode()).as("anonymous " + u + " " + text(a)).isEqualTo(401);
        assertThat(code(a)).as(u).isEqualTo("RepoNotFound");
        HttpResponse<byte[]> b = alice.get(u);
        assertThat(b.statusCode()).as("alice " + u + " " + text(b)).isEqualTo(404);
        assertThat(code(b)).as(u).isEqualTo("RepoNotFound");
      }
      // private and missing answer identically
      String p = String.format(url, priv);
      String m = String.format(url, "dev/missin");
      assertThat(text(anon.get(p)).replace("hidden", "X"))
          .isEqualTo(text(anon.get(m)).replace("missin", "X"));
      assertThat(text(alice.get(p)).replace("hidden", "X"))
          .isEqualTo(text(alice.get(m)).replace("missin", "X"));
    }
    // a bad token is still answered as such
    HttpResponse<byte[]> bad =
        dev.as("hf_not_a_known_token_at_all_xxxx").get("/api/datasets/dev/missing");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(code(bad)).isEqualTo("InvalidCredentials");
  }
}
