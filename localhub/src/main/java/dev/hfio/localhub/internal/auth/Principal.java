package dev.hfio.localhub.internal.auth;

import dev.hfio.localhub.Role;

/** The user behind a token, with the token's role and display name. */
public record Principal(String user, Role role, String tokenName, boolean superUser) {
  public boolean canWrite() {
    return role == Role.WRITE;
  }
}
