package dev.hfio.localhub.internal.auth;

import dev.hfio.localhub.Role;
import dev.hfio.localhub.internal.error.HubError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps bearer tokens to users. The dev user is a super user (may read and write every namespace) so
 * tests can set up organisation repos without extra ceremony; other users may write only to their
 * own namespace. Tokens are kept and looked up by their SHA-256, so lookup time says nothing about
 * how much of a guessed token matched.
 */
public final class TokenRegistry {
  public static final String INVALID_CREDENTIALS = "Invalid credentials in Authorization header";
  private final Map<String, Principal> tokens = new ConcurrentHashMap<>();

  public void add(String token, Principal principal) {
    if (!token.startsWith("hf_")) {
      throw new IllegalArgumentException(
          "tokens must start with hf_ (huggingface.js refuses others)");
    }
    tokens.put(digest(token), principal);
  }

  public void add(String user, String token, Role role, boolean superUser) {
    add(
        token,
        new Principal(
            user, role, user + "-" + role.name().toLowerCase(java.util.Locale.ROOT), superUser));
  }

  /** True when some token belongs to this user (the Hub's "does this user exist"). */
  public boolean hasUser(String user) {
    return tokens.values().stream().anyMatch(p -> p.user().equals(user));
  }

  /**
   * Returns null for anonymous requests (no or blank header); throws 401 InvalidCredentials for an
   * unknown token and for any header that is not {@code Bearer <token>} (as the Hub clients send
   * it).
   */
  public Principal authenticate(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return null;
    }
    String h = authorizationHeader.trim();
    if (h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new HubError(401, "InvalidCredentials", INVALID_CREDENTIALS);
    }
    Principal p = tokens.get(digest(h.substring(7).trim()));
    if (p == null) {
      throw new HubError(401, "InvalidCredentials", INVALID_CREDENTIALS);
    }
    return p;
  }

  private static String digest(String token) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
