package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.lfs.LfsStore;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the short-lived URLs of the CDN origin, so that {@code /resolve} can redirect an
 * LFS download the way the Hub does (302 to a signed URL on another host) without the CDN ever
 * seeing a token. A URL names one LFS object of one repo incarnation, {@code
 * /repos/{type}s/{ns}/{name}/{repoUid}/{oid}}, and carries {@code Expires} (epoch seconds), an
 * optional {@code Scope=public} (issued to a reader who could read the repo only because it was
 * public: it stops working if the repo turns private), {@code Key-Pair-Id} and {@code Signature}
 * (HMAC-SHA256 with a random per-server secret over path, expiry and scope; base64url). A restart
 * changes the secret, so every outstanding URL then answers 403 and clients re-resolve, as they
 * must on the Hub.
 */
public final class CdnUrls {
  private static final Pattern UID = Pattern.compile("[0-9a-f]{1,64}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
  private final byte[] secret = new byte[32];
  private final String keyPairId;
  private final Duration ttl;
  private final String fixedHost;
  private volatile int port;

  /**
   * @param ttl lifetime of a URL (at least one second)
   * @param fixedHost host name put into URLs, or null to use the host the client used to reach the
   *     API
   */
  public CdnUrls(Duration ttl, String fixedHost) {
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "CDN URL lifetime must be at least one second, got " + ttl);
    }
    this.ttl = ttl;
    this.fixedHost = fixedHost;
    SecureRandom r = new SecureRandom();
    r.nextBytes(secret);
    byte[] id = new byte[8];
    r.nextBytes(id);
    this.keyPairId = "K" + java.util.HexFormat.of().withUpperCase().formatHex(id);
  }

  /** Sets the port of the CDN connector once it is bound. */
  public void port(int port) {
    this.port = port;
  }

  /** A repo-scoped object the URL grants read access to (until its expiry). */
  record Grant(RepoKey key, String repoUid, String oid, boolean publicOnly) {}

  /**
   * Why a CDN URL is refused: expired, or not signed by this server (tampered, truncated, foreign).
   */
  static final class Denied extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean expired;

    Denied(boolean expired) {
      super(expired ? "Request has expired" : "Access denied", null, false, false);
      this.expired = expired;
    }
  }

  /** The absolute signed URL of {@code oid} in repo {@code k} (incarnation {@code repoUid}). */
  String sign(Exchange ex, RepoKey k, String repoUid, String oid, boolean publicOnly) {
    long expires = Math.floorDiv(System.currentTimeMillis() + ttl.toMillis() + 999, 1000);
    String path = path(k, repoUid, oid);
    String scope = publicOnly ? "public" : "";
    return "http://"
        + host(ex)
        + ":"
        + port
        + path
        + "?Expires="
        + expires
        + (publicOnly ? "&Scope=public" : "")
        + "&Key-Pair-Id="
        + keyPairId
        + "&Signature="
        + signature(path, expires, scope);
  }

  /**
   * The host of the CDN origin: the configured one, else the host name the client used for the API.
   */
  private String host(Exchange ex) {
    if (fixedHost != null && !fixedHost.equals("0.0.0.0")) {
      return fixedHost.contains(":") ? "[" + fixedHost + "]" : fixedHost;
    }
    String h = ex.req.getHttpURI().getHost();
    if (h == null || h.isEmpty()) {
      h = org.eclipse.jetty.server.Request.getLocalAddr(ex.req);
    }
    return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
  }

  private static String path(RepoKey k, String repoUid, String oid) {
    return "/repos/"
        + k.type().plural()
        + "/"
        + k.namespace()
        + "/"
        + k.name()
        + "/"
        + repoUid
        + "/"
        + oid;
  }

  /**
   * Checks a request to the CDN origin: the raw path segments and the decoded query. The signature
   * is checked before anything is looked up, so an unsigned request learns nothing about which
   * repos or objects exist.
   */
  Grant check(List<String> segments, Map<String, List<String>> query) throws Denied {
    String expires = single(query, "Expires");
    String sig = single(query, "Signature");
    String kp = single(query, "Key-Pair-Id");
    String scope = query.containsKey("Scope") ? single(query, "Scope") : "";
    if (expires == null
        || sig == null
        || kp == null
        || scope == null
        || !DIGITS.matcher(expires).matches()
        || !(scope.isEmpty() || scope.equals("public"))
        || !kp.equals(keyPairId)
        || segments.size() != 6
        || !segments.get(0).equals("repos")) {
      throw new Denied(false);
    }
    RepoType type = RepoType.fromPlural(segments.get(1));
    String ns = segments.get(2);
    String name = segments.get(3);
    String uid = segments.get(4);
    String oid = segments.get(5);
    if (type == null
        || !RepoKey.isValidName(ns)
        || !RepoKey.isValidName(name)
        || !UID.matcher(uid).matches()
        || !LfsStore.isOid(oid)) {
      throw new Denied(false);
    }
    RepoKey k = new RepoKey(type, ns, name);
    long exp = Long.parseLong(expires);
    byte[] want = signature(path(k, uid, oid), exp, scope).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(want, sig.getBytes(StandardCharsets.US_ASCII))) {
      throw new Denied(false);
    }
    if (System.currentTimeMillis() > exp * 1000L) {
      throw new Denied(true);
    }
    return new Grant(k, uid, oid, scope.equals("public"));
  }

  /**
   * The one value of a query parameter; null when absent or repeated (a repeated one is ambiguous:
   * refused).
   */
  private static String single(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    return v == null || v.size() != 1 ? null : v.get(0);
  }

  private String signature(String path, long expires, String scope) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] h =
          mac.doFinal((path + "\n" + expires + "\n" + scope).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "CdnUrls{ttl="
        + ttl
        + ", host="
        + Objects.requireNonNullElse(fixedHost, "(request host)")
        + ", port="
        + port
        + "}"; // never the secret
  }
}
