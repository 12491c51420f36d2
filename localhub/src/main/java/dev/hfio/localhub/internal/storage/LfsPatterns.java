package dev.hfio.localhub.internal.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code filter=lfs} rules of one {@code .gitattributes} text, so preupload can route exactly
 * the paths a git client would store as LFS pointers. Matching follows gitattributes: a pattern
 * without a slash matches the base name in any directory, one with a slash is anchored at the repo
 * root, {@code *}, {@code ?}, {@code [...]} and {@code **} glob as in git; the last line that
 * mentions {@code filter} for a path decides.
 *
 * <p>The text may come from a client, so matching is a {@link Glob} automaton (time linear in
 * pattern times path, no backtracking) and the text is capped: {@link #MAX_TEXT_CHARS}, {@link
 * #MAX_RULES} filter rules of at most {@link #MAX_PATTERN_CHARS} characters; {@link #cost} lets a
 * caller bound the total work of one request.
 */
public final class LfsPatterns {
  /** Largest {@code .gitattributes} text accepted (the Hub's own default file is about 2 KiB). */
  public static final int MAX_TEXT_CHARS = 1 << 20;

  /** Most lines mentioning {@code filter} that one text may hold. */
  public static final int MAX_RULES = 1000;

  /** Longest pattern of a {@code filter} line. */
  public static final int MAX_PATTERN_CHARS = 1024;

  private record Rule(Glob glob, boolean anchored, boolean lfs) {}

  private final List<Rule> rules;
  private final long tokensAnchored;
  private final long tokensBasename;

  private LfsPatterns(List<Rule> rules) {
    this.rules = rules;
    long a = 0;
    long b = 0;
    for (Rule r : rules) {
      if (r.anchored()) {
        a += r.glob().size() + 1;
      } else {
        b += r.glob().size() + 1;
      }
    }
    this.tokensAnchored = a;
    this.tokensBasename = b;
  }

  /**
   * Parses a {@code .gitattributes} text; comments, blank lines, macro lines and attributes other
   * than {@code filter} are ignored.
   *
   * @throws IllegalArgumentException when the text exceeds the caps above (the message says which)
   */
  public static LfsPatterns parse(String gitattributes) {
    if (gitattributes.length() > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException(
          "the .gitattributes text has "
              + gitattributes.length()
              + " characters; at most "
              + MAX_TEXT_CHARS
              + " are accepted");
    }
    List<Rule> rules = new ArrayList<>();
    int lineNo = 0;
    for (String raw : gitattributes.split("\n", -1)) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty()
          || line.startsWith("#")
          || line.startsWith("!")
          || line.startsWith("[attr]")) {
        continue;
      }
      String[] parts = line.split("[ \t\r\f]+");
      Boolean lfs = null;
      for (int i = 1; i < parts.length; i++) {
        String a = parts[i];
        if (a.equals("filter") || a.equals("-filter") || a.equals("!filter")) {
          lfs = false;
        } else if (a.startsWith("filter=")) {
          lfs = a.equals("filter=lfs");
        }
      }
      if (lfs == null) {
        continue;
      }
      String pattern = parts[0];
      if (pattern.length() > MAX_PATTERN_CHARS) {
        throw new IllegalArgumentException(
            "pattern on line "
                + lineNo
                + " of the .gitattributes text has "
                + pattern.length()
                + " characters; at most "
                + MAX_PATTERN_CHARS
                + " are accepted");
      }
      if (rules.size() >= MAX_RULES) {
        throw new IllegalArgumentException(
            "the .gitattributes text has more than " + MAX_RULES + " lines setting filter");
      }
      if (pattern.endsWith("/")) {
        continue; // directory-only pattern: never applies to a file (as in git)
      }
      boolean anchored = pattern.indexOf('/') >= 0;
      String body = pattern.startsWith("/") ? pattern.substring(1) : pattern;
      rules.add(new Rule(Glob.compile(body), anchored, lfs));
    }
    return new LfsPatterns(List.copyOf(rules));
  }

  /**
   * True when the last rule matching {@code path} (repo-relative, {@code /}-separated) sets {@code
   * filter=lfs}.
   */
  public boolean isLfs(String path) {
    String base = path.substring(path.lastIndexOf('/') + 1);
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule rule = rules.get(i);
      if (rule.glob().matches(rule.anchored() ? path : base)) {
        return rule.lfs();
      }
    }
    return false;
  }

  /** Upper bound of the automaton steps {@link #isLfs} takes for {@code path}. */
  public long cost(String path) {
    long base = path.length() - path.lastIndexOf('/') - 1L;
    return tokensAnchored * (path.length() + 1L) + tokensBasename * (base + 1);
  }
}
