package dev.hfio.localhub.auth;

import dev.hfio.localhub.Role;
import dev.hfio.localhub.error.HubError;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps bearer tokens to users. The dev user is a super user (may read and write every namespace) so tests can set up
 * organisation repos without extra ceremony; other users may write only to their own namespace.
 */
public final class TokenRegistry {
  public static final String INVALID_CREDENTIALS = "Invalid credentials in Authorization header";
  private final Map<String, Principal> tokens = new ConcurrentHashMap<>();

  public void add(String token, Principal principal) {
    if (!token.startsWith("hf_")) {
      throw new IllegalArgumentException("tokens must start with hf_ (huggingface.js refuses others)");
    }
    tokens.put(token, principal);
  }

  public void add(String user, String token, Role role, boolean superUser) {
    add(token, new Principal(user, role, user + "-" + role.name().toLowerCase(java.util.Locale.ROOT), superUser));
  }

  /** Returns null for anonymous requests; throws 401 for an unknown token. */
  public Principal authenticate(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return null;
    }
    String h = authorizationHeader.trim();
    String token = h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : h;
    Principal p = tokens.get(token);
    if (p == null) {
      throw new HubError(401, "InvalidCredentials", INVALID_CREDENTIALS);
    }
    return p;
  }
}
