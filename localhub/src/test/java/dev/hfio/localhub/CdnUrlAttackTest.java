package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on the CDN origin's signed URLs: tampering with signature, expiry, scope or key id;
 * swapping the path to another repo's object; replaying URLs after the repo turned private, was
 * deleted or recreated, after expiry or a restart; API routes on the CDN and tokens sent to it.
 * Refusals are 403 AccessDenied (signature) or 404 NoSuchKey (signed, but the object is not this
 * repo's any more), XML like a CDN's, leaking nothing; a token gives nothing.
 */
class CdnUrlAttackTest {
  static final String ALICE = "hf_alice_cdn_attack_token_xxxxxxxxxxxx";
  static final String BOB = "hf_bob_cdn_attack_token_xxxxxxxxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.cdnHost("127.0.0.2").user("alice", ALICE, Role.WRITE).user("bob", BOB, Role.WRITE));

  static HubHttp alice;
  static HubHttp bob;
  static HubHttp anon;
  static byte[] secret = "alice's private LFS bytes".repeat(100).getBytes(StandardCharsets.UTF_8);
  static byte[] pub = "bob's public LFS bytes".repeat(100).getBytes(StandardCharsets.UTF_8);
  static String secretOid;
  static String pubOid;

  @BeforeAll
  static void setUp() {
    alice = new HubHttp(HUB.hub().url(), ALICE);
    bob = new HubHttp(HUB.hub().url(), BOB);
    anon = alice.as(null);
    secretOid = HubHttp.sha256(secret);
    pubOid = HubHttp.sha256(pub);
    repoWith(alice, "alice", "priv", true, secret);
    repoWith(bob, "bob", "pub", false, pub);
  }

  static void repoWith(HubHttp who, String ns, String name, boolean priv, byte[] content) {
    HttpResponse<byte[]> c =
        who.postJson(
            "/api/repos/create",
            Map.of("name", ns + "/" + name, "type", "dataset", "private", priv));
    assertThat(c.statusCode()).as(HubHttp.text(c)).isEqualTo(200);
    who.uploadLfs(ns + "/" + name, content);
    HttpResponse<byte[]> r =
        who.commit(
            ns + "/" + name,
            "main",
            new HubHttp.Ndjson("x", null).lfs("f.bin", HubHttp.sha256(content), content.length));
    assertThat(r.statusCode()).as(HubHttp.text(r)).isEqualTo(200);
  }

  static String url(HubHttp who, String repo) {
    HttpResponse<byte[]> r = who.get("/datasets/" + repo + "/resolve/main/f.bin");
    assertThat(r.statusCode()).as(HubHttp.text(r)).isEqualTo(302);
    return r.headers().firstValue("Location").orElseThrow();
  }

  /** Asserts a CDN-style refusal: status, XML code, no Hub error headers, and nothing leaked. */
  static void assertRefused(HttpResponse<byte[]> r, int status, String code, String what) {
    String body = HubHttp.text(r);
    assertThat(r.statusCode()).as(what + ": " + body).isEqualTo(status);
    assertThat(body).as(what).contains("<Code>" + code + "</Code>");
    assertThat(r.headers().firstValue("X-Error-Code")).as(what).isEmpty();
    assertThat(r.headers().firstValue("ETag")).as(what).isEmpty();
    assertNoLeak(r, what);
  }

  static void assertNoLeak(HttpResponse<byte[]> r, String what) {
    Leaks.assertNone(
        r,
        HUB.hub(),
        what,
        ALICE,
        BOB,
        "/tmp/",
        secretOid,
        new String(secret, StandardCharsets.UTF_8).substring(0, 20));
  }

  static HttpResponse<byte[]> get(String url, String... headers) {
    return anon.get(url, headers);
  }

  @Test
  void tamperedSignatureExpiryScopeOrKeyIdIs403() {
    String good = url(alice, "alice/priv");
    assertThat(get(good).body()).isEqualTo(secret);
    String sig = good.replaceAll(".*Signature=([^&]*).*", "$1");
    char c = sig.charAt(5);
    String flipped =
        good.replace(
            "Signature=" + sig,
            "Signature=" + sig.substring(0, 5) + (c == 'A' ? 'B' : 'A') + sig.substring(6));
    long exp = Long.parseLong(good.replaceAll(".*Expires=([0-9]+).*", "$1"));
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("flipped signature char", flipped);
    cases.put("later expiry", good.replace("Expires=" + exp, "Expires=" + (exp + 86_400)));
    cases.put("no signature", good.replaceAll("&Signature=[^&]*", ""));
    cases.put("empty signature", good.replace("Signature=" + sig, "Signature="));
    cases.put("no expiry", good.replaceAll("Expires=[0-9]+&", ""));
    cases.put("no key pair id", good.replaceAll("&Key-Pair-Id=[^&]*", ""));
    cases.put("other key pair id", good.replaceAll("Key-Pair-Id=[^&]*", "Key-Pair-Id=KOTHER"));
    cases.put("signature given twice", good + "&Signature=" + sig);
    cases.put("public scope added", good.replace("?", "?Scope=public&"));
    cases.put("unknown scope", good.replace("?", "?Scope=all&"));
    cases.put("huge expiry", good.replace("Expires=" + exp, "Expires=" + "9".repeat(30)));
    cases.put("no query", good.substring(0, good.indexOf('?')));
    cases.put("signature of the raw path, other object", good.replace(secretOid, pubOid));
    for (Map.Entry<String, String> e : cases.entrySet()) {
      assertRefused(get(e.getValue()), 403, "AccessDenied", e.getKey());
      // a token does not help: the CDN never looks at it
      assertRefused(alice.get(e.getValue()), 403, "AccessDenied", e.getKey() + " with a token");
    }
  }

  @Test
  void aUrlIsBoundToItsRepoAndObject() {
    String alices = url(alice, "alice/priv");
    String bobs = url(bob, "bob/pub");
    URI a = URI.create(alices);
    URI b = URI.create(bobs);
    String base = HUB.hub().cdnUrl();
    // bob's signature on alice's path, and alice's signature on bob's path
    assertRefused(
        get(base + a.getRawPath() + "?" + b.getRawQuery()),
        403,
        "AccessDenied",
        "bob's query, alice's path");
    assertRefused(
        get(base + b.getRawPath() + "?" + a.getRawQuery()),
        403,
        "AccessDenied",
        "alice's query, bob's path");
    // bob's URL with only the oid, or only the repo, swapped for alice's
    assertRefused(
        get(bobs.replace(pubOid, secretOid)), 403, "AccessDenied", "alice's oid in bob's URL");
    assertRefused(
        get(bobs.replace("/bob/pub/", "/alice/priv/")),
        403,
        "AccessDenied",
        "alice's repo in bob's URL");
    assertRefused(
        get(bobs.replace("/datasets/", "/models/")), 403, "AccessDenied", "other repo type");
    // path games: traversal, encoding, extra or missing segments, upper-case oid
    String path = b.getRawPath();
    for (String p :
        List.of(
            path + "/x",
            path.substring(0, path.lastIndexOf('/')),
            path.replace("/bob/", "/%62ob/"),
            path.replace(pubOid, pubOid.toUpperCase(java.util.Locale.ROOT)),
            "/repos/datasets/bob/pub/../../alice/priv",
            path.replace("/repos/", "/repos/./"))) {
      assertRefused(get(base + p + "?" + b.getRawQuery()), 403, "AccessDenied", p);
    }
    assertThat(get(bobs).body()).isEqualTo(pub);
    assertThat(get(alices).body()).isEqualTo(secret);
  }

  @Test
  void aPublicScopeUrlDiesWhenTheRepoTurnsPrivate() {
    repoWith(alice, "alice", "turning", false, secret);
    String anonUrl = url(anon, "alice/turning");
    String ownerUrl = url(alice, "alice/turning");
    String bobUrl = url(bob, "alice/turning");
    assertThat(anonUrl).contains("Scope=public");
    assertThat(bobUrl).contains("Scope=public");
    assertThat(ownerUrl).doesNotContain("Scope=");
    assertThat(get(anonUrl).body()).isEqualTo(secret);
    HttpResponse<byte[]> s =
        alice.send(
            alice
                .req("/api/datasets/alice/turning/settings")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"private\":true}"))
                .build());
    assertThat(s.statusCode()).as(HubHttp.text(s)).isEqualTo(200);
    assertRefused(get(anonUrl), 404, "NoSuchKey", "anonymous URL after the repo turned private");
    assertRefused(get(bobUrl), 404, "NoSuchKey", "bob's URL after the repo turned private");
    assertRefused(
        get(anonUrl.replace("Scope=public&", "")), 403, "AccessDenied", "public scope stripped");
    assertThat(get(ownerUrl).body()).isEqualTo(secret);
    assertThat(anon.get("/datasets/alice/turning/resolve/main/f.bin").statusCode())
        .isEqualTo(401); // anonymous
  }

  @Test
  void aDeletedOrRecreatedRepoTakesItsUrlsAlong() {
    repoWith(bob, "bob", "gone", false, pub);
    String old = url(bob, "bob/gone");
    assertThat(get(old).body()).isEqualTo(pub);
    HttpResponse<byte[]> d =
        bob.delete("/api/repos/delete", Map.of("name", "bob/gone", "type", "dataset"));
    assertThat(d.statusCode()).as(HubHttp.text(d)).isEqualTo(200);
    assertRefused(get(old), 404, "NoSuchKey", "deleted repo");
    repoWith(bob, "bob", "gone", false, pub); // same name, same object: still another repo
    assertRefused(get(old), 404, "NoSuchKey", "recreated repo");
    assertThat(get(url(bob, "bob/gone")).body()).isEqualTo(pub);
  }

  @Test
  void apiRoutesAreNotOnTheCdnAndCdnPathsNotOnTheApi() {
    String base = HUB.hub().cdnUrl();
    for (String p :
        List.of(
            "/api/whoami-v2",
            "/api/datasets/alice/priv",
            "/datasets/alice/priv/resolve/main/f.bin",
            "/admin/counters",
            "/")) {
      assertRefused(alice.get(base + p), 403, "AccessDenied", "API route " + p + " on the CDN");
    }
    String good = url(bob, "bob/pub");
    for (String m : List.of("PUT", "POST", "DELETE", "PATCH")) {
      HttpResponse<byte[]> r =
          anon.send(
              HttpRequest.newBuilder(URI.create(good))
                  .method(m, HttpRequest.BodyPublishers.ofString("x"))
                  .build());
      assertRefused(r, 405, "MethodNotAllowed", m);
    }
    URI u = URI.create(good);
    HttpResponse<byte[]> onApi = anon.get(HUB.hub().url() + u.getRawPath() + "?" + u.getRawQuery());
    assertThat(onApi.statusCode()).isEqualTo(404);
    assertThat(HubHttp.code(onApi)).isEqualTo("NotFound");
    assertNoLeak(onApi, "CDN path on the API");
  }

  @Test
  void anExpiredUrlIs403AndARestartInvalidatesEveryUrl() throws Exception {
    Path dir = Files.createTempDirectory("cdn-expiry-");
    String rid;
    String url;
    try (LocalHub hub = LocalHub.builder().dataDir(dir).cdnUrlTtl(Duration.ofSeconds(1)).start()) {
      HubHttp d = new HubHttp(hub);
      rid = d.createDataset("exp", false);
      d.uploadLfs(rid, pub);
      d.commitOk(rid, new HubHttp.Ndjson("x", null).lfs("f.bin", pubOid, pub.length));
      url =
          d.get("/datasets/" + rid + "/resolve/main/f.bin")
              .headers()
              .firstValue("Location")
              .orElseThrow();
      assertThat(d.as(null).get(url).body()).isEqualTo(pub);
      long expires = Long.parseLong(url.replaceAll(".*Expires=([0-9]+).*", "$1"));
      long deadline = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() <= expires * 1000L + 50
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      HttpResponse<byte[]> late = d.as(null).get(url);
      assertThat(late.statusCode()).isEqualTo(403);
      assertThat(HubHttp.text(late))
          .contains("<Code>AccessDenied</Code>")
          .contains("Request has expired");
      assertThat(late.headers().firstValue("X-Error-Code")).isEmpty();
      url =
          d.get("/datasets/" + rid + "/resolve/main/f.bin")
              .headers()
              .firstValue("Location")
              .orElseThrow();
    }
    URI u = URI.create(url);
    try (LocalHub hub = LocalHub.builder().dataDir(dir).cdnUrlTtl(Duration.ofHours(1)).start()) {
      // a fresh secret: the URL signed by the previous run is refused, a new resolve works
      HubHttp d = new HubHttp(hub);
      HttpResponse<byte[]> replay =
          d.as(null).get(hub.cdnUrl() + u.getRawPath() + "?" + u.getRawQuery());
      assertThat(replay.statusCode()).isEqualTo(403);
      assertThat(CdnDownloads.get(d, "/datasets/" + rid + "/resolve/main/f.bin").body())
          .isEqualTo(pub);
    } finally {
      try (var s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void theCdnIgnoresTokensAndTheResolveRedirectNeverCarriesOne() {
    String good = url(alice, "alice/priv");
    assertThat(good).doesNotContain(ALICE);
    HttpResponse<byte[]> withBogus =
        new HubHttp(HUB.hub().url(), "hf_not_a_real_token_at_all_xxxxxxx").get(good);
    assertThat(withBogus.statusCode())
        .isEqualTo(200); // the signature is the authorisation, not a header
    assertThat(withBogus.body()).isEqualTo(secret);
    // the hub counts CDN requests that carried a token (a client leaking it to another origin)
    long before = HUB.hub().admin().counters().get("cdnAuthorizationHeaders");
    anon.get(good);
    assertThat(HUB.hub().admin().counters().get("cdnAuthorizationHeaders")).isEqualTo(before);
    alice.get(good);
    assertThat(HUB.hub().admin().counters().get("cdnAuthorizationHeaders")).isEqualTo(before + 1);
    assertNoLeak(
        anon.get("/datasets/alice/priv/resolve/main/f.bin"), "anonymous resolve of a private repo");
    assertThat(anon.get("/datasets/alice/priv/resolve/main/f.bin").statusCode())
        .isEqualTo(401); // anonymous: 401
    assertThat(bob.get("/datasets/alice/priv/resolve/main/f.bin").statusCode()).isEqualTo(404);
  }
}
