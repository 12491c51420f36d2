package dev.hfio.localhub.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;

/**
 * The {@code filter=lfs} rules of one {@code .gitattributes} text, so preupload can route exactly the paths a git
 * client would store as LFS pointers. Matching follows gitattributes: a pattern without a slash matches the base name
 * in any directory, one with a slash is anchored at the repo root, {@code *}, {@code ?} and {@code **} glob as in git;
 * the last line that mentions {@code filter} for a path decides.
 */
public final class LfsPatterns {
  private final List<AttributesRule> rules;

  private LfsPatterns(List<AttributesRule> rules) {
    this.rules = rules;
  }

  /** Parses a {@code .gitattributes} text; comments, blank lines and unknown attributes are ignored. */
  public static LfsPatterns parse(String gitattributes) {
    AttributesNode node = new AttributesNode();
    try {
      node.parse(new ByteArrayInputStream(gitattributes.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read .gitattributes text", e);
    }
    return new LfsPatterns(List.copyOf(node.getRules()));
  }

  /** True when the last rule matching {@code path} (repo-relative, {@code /}-separated) sets {@code filter=lfs}. */
  public boolean isLfs(String path) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      AttributesRule rule = rules.get(i);
      if (!rule.isMatch(path, false)) {
        continue;
      }
      for (Attribute a : rule.getAttributes()) {
        if (a.getKey().equals("filter")) {
          return a.getState() == Attribute.State.CUSTOM && "lfs".equals(a.getValue());
        }
      }
    }
    return false;
  }
}
