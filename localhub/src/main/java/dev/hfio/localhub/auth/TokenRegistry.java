package dev.hfio.localhub.auth;

import dev.hfio.localhub.Role;
import dev.hfio.localhub.error.HubError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps bearer tokens to users. The dev user is a super user (may read and write every namespace) so tests can set up
 * organisation repos without extra ceremony; other users may write only to their own namespace. Tokens are kept and
 * looked up by their SHA-256 digest, so the time a lookup takes says nothing about how much of a token was right.
 */
public final class TokenRegistry {
  public static final String INVALID_CREDENTIALS = "Invalid credentials in Authorization header";
  private final Map<String, Principal> tokens = new ConcurrentHashMap<>();

  public void add(String token, Principal principal) {
    if (!token.startsWith("hf_")) {
      throw new IllegalArgumentException("tokens must start with hf_ (huggingface.js refuses others)");
    }
    tokens.put(digest(token), principal);
  }

  public void add(String user, String token, Role role, boolean superUser) {
    add(token, new Principal(user, role, user + "-" + role.name().toLowerCase(java.util.Locale.ROOT), superUser));
  }

  /**
   * Returns null for anonymous requests; throws 401 for an unknown token or a header that is not
   * {@code Bearer <token>}.
   */
  public Principal authenticate(String authorizationHeader) {
    String token = bearerToken(authorizationHeader);
    if (token == null) {
      return null;
    }
    Principal p = token.isEmpty() ? null : tokens.get(digest(token));
    if (p == null) {
      throw new HubError(401, "InvalidCredentials", INVALID_CREDENTIALS);
    }
    return p;
  }

  /** The token of a {@code Bearer} header; null when there is no header; "" when the scheme is not Bearer. */
  public static String bearerToken(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return null;
    }
    String h = authorizationHeader.trim();
    return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : "";
  }

  /** Hex SHA-256 of a token: what is stored and compared instead of the token itself. */
  public static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
