package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfio.localhub.internal.error.HubError;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@code license} of a repo creation body (huggingface.js {@code createRepo({license})}): the Hub
 * then writes a {@code README.md} whose front matter is {@code license: <id>} into the initial
 * commit, which in turn makes the {@code license:<id>} tag of repo info.
 */
final class LicenseReadme {
  private LicenseReadme() {}

  /**
   * License ids as the Hub spells them: lower case, digits, '.', '-', '+' (e.g. {@code apache-2.0},
   * {@code other}).
   */
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}");

  /** The README bytes for the body's license, or null when the body names none. */
  static byte[] fromCreateBody(JsonNode body) {
    JsonNode l = body.path("license");
    if (l.isMissingNode() || l.isNull()) {
      return null;
    }
    if (!l.isTextual() || !ID.matcher(l.asText()).matches()) {
      throw HubError.badRequest(
          "BadRequest",
          "'license' must be a license id such as mit, apache-2.0, cc-by-4.0 or"
              + " other (lower case letters, digits, '.', '-', '+', at most 64 characters)");
    }
    return ("---\nlicense: " + l.asText() + "\n---\n").getBytes(StandardCharsets.UTF_8);
  }
}
