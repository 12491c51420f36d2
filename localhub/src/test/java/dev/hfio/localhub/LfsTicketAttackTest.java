package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.LfsAttackSupport.assertNoLeak;
import static dev.hfio.localhub.LfsAttackSupport.batch;
import static dev.hfio.localhub.LfsAttackSupport.batchMany;
import static dev.hfio.localhub.LfsAttackSupport.createRepo;
import static dev.hfio.localhub.LfsAttackSupport.object0;
import static dev.hfio.localhub.LfsAttackSupport.secret;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LFS URLs (tickets) expire, are bound to their repo, oid and kind, cannot be forged, and are
 * bounded in number; a multipart upload never gets more than 10,000 part URLs, objects above the
 * size cap and oversized batches are refused.
 */
class LfsTicketAttackTest {
  static final String BOB = "hf_bob_ticket_token_xxxxxxxxxxxxxxxxx";
  static final long TTL_MS = 1500;

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b -> b.user("bob", BOB, Role.WRITE).maxLfsTicketsPerRepo(40).gcInterval(Duration.ZERO));

  /** A hub whose URLs live 1.5 s, for the expiry tests only. */
  @RegisterExtension
  static LocalHubExtension SHORT =
      new LocalHubExtension(
          b ->
              b.user("bob", BOB, Role.WRITE)
                  .lfsTicketTtl(Duration.ofMillis(TTL_MS))
                  .multipartChunkSize(1000)
                  .gcInterval(Duration.ZERO));

  HubHttp bob() {
    return new HubHttp(HUB.hub().url(), BOB);
  }

  HubHttp shortBob() {
    return new HubHttp(SHORT.hub().url(), BOB);
  }

  static void sleepPastTtl() throws InterruptedException {
    Thread.sleep(TTL_MS + 300);
  }

  static Path lfsFile(String oid) {
    return SHORT
        .hub()
        .dataDir()
        .resolve("lfs")
        .resolve(oid.substring(0, 2))
        .resolve(oid.substring(2, 4))
        .resolve(oid);
  }

  @Test
  void expiredUploadAndDownloadUrlsAre403AndFreed() throws Exception {
    HubHttp b = shortBob();
    String id = createRepo(b, "bob", "exp", false);
    byte[] s = secret(700, 21);
    String oid = HubHttp.sha256(s);
    JsonNode o = object0(batch(b, id, "upload", List.of("basic"), oid, s.length));
    String up = o.at("/actions/upload/href").asText();
    String verify = o.at("/actions/verify/href").asText();
    sleepPastTtl();
    HttpResponse<byte[]> r = b.put(up, s);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(code(r)).isEqualTo("LfsTicketExpired");
    assertNoLeak(r, SHORT.hub(), s, BOB);
    assertThat(lfsFile(oid)).doesNotExist();
    // freed: the same URL is now unknown
    HttpResponse<byte[]> again = b.put(up, s);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(code(again)).isEqualTo("LfsTicketNotFound");
    HttpResponse<byte[]> v = b.postJson(verify, Map.of("oid", oid, "size", s.length));
    assertThat(v.statusCode()).isIn(403, 404);
    // a fresh URL works; a download URL expires the same way
    LfsAttackSupport.uploadOwnBytes(b, id, s);
    String dl =
        object0(batch(b, id, "download", List.of("basic"), oid, s.length))
            .at("/actions/download/href")
            .asText();
    assertThat(b.as(null).get(dl).body()).isEqualTo(s);
    sleepPastTtl();
    HttpResponse<byte[]> d = b.as(null).get(dl);
    assertThat(d.statusCode()).isEqualTo(403);
    assertThat(code(d)).isEqualTo("LfsTicketExpired");
    assertNoLeak(d, SHORT.hub(), s, BOB);
  }

  @Test
  void tamperedUnknownAndWrongKindUrlsAre404() {
    HubHttp b = bob();
    String id = createRepo(b, "bob", "tamper", false);
    byte[] s = secret(600, 22);
    LfsAttackSupport.uploadOwnBytes(b, id, s);
    String dl =
        object0(batch(b, id, "download", List.of("basic"), HubHttp.sha256(s), s.length))
            .at("/actions/download/href")
            .asText();
    String ticket = dl.substring(dl.lastIndexOf('/') + 1);
    char last = ticket.charAt(ticket.length() - 1);
    String base = HUB.hub().url();
    List<String> urls =
        List.of(
            base
                + "/lfs-download/"
                + ticket.substring(0, ticket.length() - 1)
                + (last == '0' ? '1' : '0'),
            base + "/lfs-download/" + ticket + "0",
            base + "/lfs-download/" + "0".repeat(40),
            base + "/lfs-download/..%2F..%2F..%2Fetc%2Fpasswd",
            base + "/lfs-download/" + ticket.toUpperCase());
    for (String u : urls) {
      HttpResponse<byte[]> r = b.as(null).get(u);
      assertThat(r.statusCode()).as(u).isEqualTo(404);
      assertThat(code(r)).as(u).isEqualTo("LfsTicketNotFound");
      assertNoLeak(r, HUB.hub(), s, BOB);
    }
    // a download ticket is not an upload ticket, nor a verify ticket
    HttpResponse<byte[]> put = b.put(base + "/lfs-upload/" + ticket, s);
    assertThat(put.statusCode()).isEqualTo(404);
    assertThat(code(put)).isEqualTo("LfsTicketNotFound");
    HttpResponse<byte[]> ver =
        b.postJson(base + "/lfs-verify/" + ticket, Map.of("oid", HubHttp.sha256(s)));
    assertThat(code(ver)).isEqualTo("LfsTicketNotFound");
    // an upload ticket for oid X cannot store other bytes under any oid
    byte[] other = secret(600, 23);
    String up =
        object0(batch(b, id, "upload", List.of("basic"), HubHttp.sha256(other), other.length))
            .at("/actions/upload/href")
            .asText();
    HttpResponse<byte[]> wrong = b.put(up, secret(600, 24));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(code(wrong)).isEqualTo("LfsVerificationFailed");
  }

  @Test
  void multipartForAHugeObjectHasAtMost10000Parts() {
    HubHttp b = bob();
    String id = createRepo(b, "bob", "huge", false);
    long size = 400_000_000_000L; // 400 GB: 23,842 parts of 16 MiB before the fix
    HttpResponse<byte[]> r =
        batch(b, id, "upload", List.of("basic", "multipart"), "e".repeat(64), size);
    JsonNode header = object0(r).at("/actions/upload/header");
    long chunk = Long.parseLong(header.get("chunk_size").asText());
    int parts = 0;
    for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
      if (!it.next().equals("chunk_size")) {
        parts++;
      }
    }
    assertThat(parts).isLessThanOrEqualTo(10_000).isEqualTo((int) ((size + chunk - 1) / chunk));
    assertThat(chunk).isGreaterThanOrEqualTo(16L << 20);
    assertThat(header.has(String.format("%05d", parts))).isTrue();
    // a part number past the end is refused
    String partUrl = header.get(String.format("%05d", parts)).asText();
    String beyond = partUrl.substring(0, partUrl.lastIndexOf('/') + 1) + (parts + 1);
    HttpResponse<byte[]> p = b.put(beyond, new byte[] {1});
    assertThat(p.statusCode()).isEqualTo(400);
    // above the Hub's 500 GB per file: a 422 error object, no URLs
    HttpResponse<byte[]> tooBig =
        batch(b, id, "upload", List.of("basic", "multipart"), "f".repeat(64), 500_000_000_001L);
    JsonNode o = object0(tooBig);
    assertThat(o.has("actions")).isFalse();
    assertThat(o.at("/error/code").asInt()).isEqualTo(422);
  }

  @Test
  void batchObjectCountAndOutstandingTicketsAreCapped() {
    HubHttp b = bob();
    String id = createRepo(b, "bob", "caps", false);
    String head = b.headSha(id);
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add(Map.of("oid", String.format("%064x", i), "size", 10));
    }
    HttpResponse<byte[]> r = batchMany(b, id, "upload", List.of("basic"), many);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(code(r)).isEqualTo("PayloadTooLarge");
    assertThat(HubHttp.text(r)).doesNotContain(String.format("%064x", 1000));
    // 30 uploads need 60 URLs: over this hub's per-repo limit of 40
    HttpResponse<byte[]> capped = batchMany(b, id, "upload", List.of("basic"), many.subList(0, 30));
    assertThat(capped.statusCode()).isEqualTo(429);
    assertThat(code(capped)).isEqualTo("TooManyLfsTickets");
    assertThat(capped.headers().firstValue("Retry-After")).isPresent();
    // another repo is not affected
    String other = createRepo(b, "bob", "caps2", false);
    assertThat(
            object0(batch(b, other, "upload", List.of("basic"), "a".repeat(64), 10)).has("actions"))
        .isTrue();
    // repeated download batches reuse one URL per object instead of piling up
    byte[] s = secret(100, 25);
    String fresh = createRepo(b, "bob", "caps3", false);
    LfsAttackSupport.uploadOwnBytes(b, fresh, s);
    for (int i = 0; i < 100; i++) {
      HttpResponse<byte[]> d =
          batch(b.as(null), fresh, "download", List.of("basic"), HubHttp.sha256(s), 100);
      assertThat(d.statusCode()).isEqualTo(200);
    }
    assertThat(b.headSha(id)).isEqualTo(head);
  }

  @Test
  void expiredMultipartUploadFreesItsParts() throws Exception {
    HubHttp b = shortBob();
    String id = createRepo(b, "bob", "mpexp", false);
    byte[] data = secret(2500, 26); // 3 parts of 1000 bytes on this hub
    HttpResponse<byte[]> r =
        batch(b, id, "upload", List.of("basic", "multipart"), HubHttp.sha256(data), data.length);
    JsonNode header = object0(r).at("/actions/upload/header");
    HttpResponse<byte[]> p =
        b.put(header.get("00001").asText(), java.util.Arrays.copyOf(data, 1000));
    assertThat(p.statusCode()).isEqualTo(200);
    Path tmp = SHORT.hub().dataDir().resolve("lfs").resolve("tmp");
    assertThat(countEntries(tmp)).isGreaterThanOrEqualTo(1);
    sleepPastTtl();
    Map<String, Long> gc = SHORT.hub().admin().gc();
    assertThat(gc.get("tickets")).isGreaterThanOrEqualTo(1);
    assertThat(countEntries(tmp)).isZero();
    HttpResponse<byte[]> late = b.put(header.get("00002").asText(), new byte[] {1});
    assertThat(late.statusCode()).isEqualTo(404);
    assertThat(code(late)).isEqualTo("LfsTicketNotFound");
  }

  static long countEntries(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void adminGcNeedsTheAdminToken() {
    HubHttp b = bob();
    HttpResponse<byte[]> r = b.post("/admin/gc", "application/json", new byte[0]);
    assertThat(r.statusCode()).isEqualTo(401);
    HttpResponse<byte[]> ok =
        b.as(HUB.hub().adminToken()).post("/admin/gc", "application/json", new byte[0]);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).has("objects")).isTrue();
  }
}
