package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.AttackHttp.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Internal errors (a corrupted repo on disk) answer a generic 500 naming only the request id;
 * client mistakes in JSON, NDJSON and YAML bodies are described by position, never by quoting the
 * body or the parser's exception.
 */
class ErrorLeakAttackTest {
  static final String DEV = "hf_errorleak_dev_token_0123456789abcdef";
  static final String MARKER = "FILE-CONTENT-MARKER-7f3a";

  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension(b -> b.writeToken(DEV));

  static HubHttp dev;
  static AttackHttp at;
  static Path repos;

  @BeforeAll
  static void setUp() throws IOException {
    dev = new HubHttp(HUB.hub());
    at = new AttackHttp(HUB.hub());
    at.forbidden.addAll(
        java.util.List.of(
            MARKER, "hf_leak", "com.fasterxml", "Source:", "UncheckedIO", "localhub.json"));
    dev.createDataset("corrupt", false);
    repos = HUB.hub().dataDir().resolve("repos").resolve("datasets").resolve("dev");
    // a loose ref whose content is not an object id (as a damaged disk or a half-copied repo leaves
    // it)
    Files.writeString(
        repos.resolve("corrupt.git/refs/heads/broken"),
        MARKER + " is not an object id: a damaged ref file with junk in it\n");
    // a repo directory whose metadata is not JSON
    Files.createDirectories(repos.resolve("badmeta.git"));
    Files.writeString(repos.resolve("badmeta.git/localhub.json"), "{" + MARKER);
  }

  void assertInternal(Answer a, String what) {
    at.assertRejected(a, 500, "InternalError", what);
    String rid = a.header("X-Request-Id");
    assertThat(rid).isNotBlank();
    assertThat(a.header("X-Error-Message")).isEqualTo("Internal error; request id " + rid);
    assertThat(a.body()).isEqualTo("{\"error\":\"Internal error; request id " + rid + "\"}");
  }

  @Test
  void corruptedRefIsAGeneric500() {
    assertInternal(
        at.raw("GET", "/api/datasets/dev/corrupt/revision/broken", null, null, null),
        "corrupt ref");
    assertInternal(
        at.raw("GET", "/datasets/dev/corrupt/resolve/broken/.gitattributes", null, null, null),
        "corrupt ref resolve");
    Answer a =
        at.raw("GET", "/api/datasets/dev/corrupt/refs", null, null, null); // JGit skips the bad ref
    assertThat(a.status()).isEqualTo(200);
    at.assertNoLeak(a, "refs listing");
  }

  @Test
  void corruptedMetadataIsAGeneric500() {
    assertInternal(at.raw("GET", "/api/datasets/dev/badmeta", null, null, null), "bad metadata");
  }

  @Test
  void malformedBodiesAreDescribedNotQuoted() {
    Answer a =
        AttackHttp.of(
            dev.post(
                "/api/repos/create",
                "application/json",
                "{\"name\": hf_leak_secret_value_1, \"type\":\"dataset\"}"
                    .getBytes(StandardCharsets.UTF_8)));
    at.assertRejected(a, 400, "BadRequest", "create JSON");
    assertThat(a.body()).contains("Malformed JSON body for repo creation at line 1, column");
    Answer c =
        AttackHttp.of(
            dev.post(
                "/api/datasets/dev/corrupt/commit/main",
                "application/x-ndjson",
                "{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n{\"key\": hf_leak_secret_value_2}\n"
                    .getBytes(StandardCharsets.UTF_8)));
    at.assertRejected(c, 400, "InvalidCommitPayload", "NDJSON");
    assertThat(c.body()).contains("Line 2 of the commit payload is not valid JSON (near column");
    Answer y =
        AttackHttp.of(
            dev.post(
                "/api/validate-yaml",
                "application/json",
                "{\"content\":\"---\\nkey: [hf_leak_yaml_value, {\\n---\\n\"}"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(y.status()).isEqualTo(400);
    at.assertNoLeak(y, "YAML");
    assertThat(y.body()).contains("Invalid YAML in README.md metadata at line");
  }
}
