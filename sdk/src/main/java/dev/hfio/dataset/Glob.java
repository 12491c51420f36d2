package dev.hfio.dataset;

import java.util.regex.Pattern;

/**
 * Glob patterns with the semantics of fsspec &ge; 2023.12 ({@code glob_translate}), which is what
 * {@code datasets} uses to match {@code data_files} patterns against a repository's file list:
 *
 * <ul>
 *   <li>{@code **} as a whole, non-last path component: zero or more directories;
 *   <li>{@code **} as the last component: anything, including {@code /};
 *   <li>{@code *} as a whole component: one or more characters other than {@code /}; inside a
 *       component: zero or more;
 *   <li>{@code ?}: one character other than {@code /}; {@code [...]} a class ({@code [!...]}
 *       negated);
 *   <li>anchored at both ends, case-sensitive; hidden files are not special here (see {@link
 *       DataFilesResolver} for the hidden/ignored file rules).
 * </ul>
 */
public final class Glob {
  private static final String NOT_SEP = "[^/]";

  private final String glob;
  private final Pattern regex;

  private Glob(String glob, Pattern regex) {
    this.glob = glob;
    this.regex = regex;
  }

  /**
   * Compiles a glob.
   *
   * @throws IllegalArgumentException if {@code **} is mixed with other characters in one component
   */
  public static Glob compile(String glob) {
    return new Glob(glob, Pattern.compile(toRegex(glob), Pattern.DOTALL));
  }

  /** True if the pattern contains a wildcard ({@code *}, {@code ?} or {@code [}). */
  public static boolean hasMagic(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
  }

  /** Whether the whole path matches. */
  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  public String pattern() {
    return glob;
  }

  @Override
  public String toString() {
    return glob;
  }

  /** The Java regex (to be compiled with DOTALL and used with {@code matches()}). */
  static String toRegex(String glob) {
    String[] parts = glob.split("/", -1);
    StringBuilder out = new StringBuilder();
    int last = parts.length - 1;
    for (int idx = 0; idx < parts.length; idx++) {
      String part = parts[idx];
      if (part.equals("*")) {
        out.append(idx < last ? NOT_SEP + "+/" : NOT_SEP + "+");
      } else if (part.equals("**")) {
        if (idx < last) {
          if (!parts[idx + 1].equals("**")) {
            out.append("(?:.+/)?");
          }
        } else {
          out.append(".*");
        }
      } else {
        if (part.contains("**")) {
          throw new IllegalArgumentException(
              "invalid glob '" + glob + "': '**' can only be an entire path component");
        }
        translateComponent(part, out);
        if (idx < last) {
          out.append('/');
        }
      }
    }
    return out.toString();
  }

  private static void translateComponent(String pat, StringBuilder out) {
    int i = 0;
    int n = pat.length();
    boolean lastWasStar = false;
    while (i < n) {
      char c = pat.charAt(i++);
      if (c == '*') {
        if (!lastWasStar) {
          out.append(NOT_SEP).append('*');
        }
        lastWasStar = true;
        continue;
      }
      lastWasStar = false;
      if (c == '?') {
        out.append(NOT_SEP);
      } else if (c == '[') {
        int j = i;
        if (j < n && pat.charAt(j) == '!') {
          j++;
        }
        if (j < n && pat.charAt(j) == ']') {
          j++;
        }
        while (j < n && pat.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          out.append("\\[");
        } else {
          String stuff = pat.substring(i, j);
          i = j + 1;
          out.append(translateClass(stuff));
        }
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
  }

  private static String translateClass(String stuff) {
    boolean negate = stuff.startsWith("!");
    String body = negate ? stuff.substring(1) : stuff;
    if (body.isEmpty()) {
      // "[!]" never happens (']' right after '!' is literal); "[]" likewise. Empty class.
      return negate ? "." : "(?!)";
    }
    StringBuilder sb = new StringBuilder("[");
    if (negate) {
      sb.append('^');
    }
    for (int k = 0; k < body.length(); k++) {
      char ch = body.charAt(k);
      boolean rangeDash = ch == '-' && k > 0 && k < body.length() - 1;
      if (rangeDash) {
        sb.append('-');
      } else if (Character.isLetterOrDigit(ch)) {
        sb.append(ch);
      } else {
        // Escape everything else so Java's class syntax ([ && ^ \) cannot kick in.
        sb.append('\\').append(ch);
      }
    }
    return sb.append(']').toString();
  }
}
