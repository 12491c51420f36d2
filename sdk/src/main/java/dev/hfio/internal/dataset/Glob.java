package dev.hfio.internal.dataset;

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

  private enum Shape {
    GENERAL,
    /** {@code prefix/**\/X}: the basename matches X. */
    BASENAME,
    /** {@code prefix/**\/D/**}: some folder component below the prefix matches D. */
    FOLDER
  }

  private final String glob;
  private final Pattern regex;
  private final Shape shape;
  private final String prefix; // literal folder prefix with trailing '/', or "" (fast shapes only)
  private final Pattern component; // regex for X or D (fast shapes only)
  private final String literal; // a substring every match of X or D contains ("" if none)

  private Glob(String glob, Pattern regex, Shape shape, String prefix, String componentGlob) {
    this.glob = glob;
    this.regex = regex;
    this.shape = shape;
    this.prefix = prefix;
    this.component = componentGlob == null ? null : componentPattern(componentGlob);
    this.literal = componentGlob == null ? "" : longestLiteral(componentGlob);
  }

  /** The longest run of literal characters of a component glob (outside wildcards and classes). */
  static String longestLiteral(String part) {
    String best = "";
    StringBuilder run = new StringBuilder();
    int i = 0;
    while (i < part.length()) {
      char c = part.charAt(i);
      if (c == '*' || c == '?' || c == '[') {
        if (run.length() > best.length()) {
          best = run.toString();
        }
        run.setLength(0);
        if (c == '[') {
          int close = part.indexOf(']', i + 2);
          if (close < 0) {
            return best.length() >= run.length()
                ? best
                : run.toString(); // '[' is literal: stay conservative
          }
          i = close + 1;
          continue;
        }
      } else {
        run.append(c);
      }
      i++;
    }
    return run.length() > best.length() ? run.toString() : best;
  }

  private boolean componentMatches(String s) {
    return s.contains(literal) && component.matcher(s).matches();
  }

  /**
   * Compiles a glob.
   *
   * @throws IllegalArgumentException if {@code **} is mixed with other characters in one component
   */
  public static Glob compile(String glob) {
    Pattern regex = Pattern.compile(toRegex(glob), Pattern.DOTALL);
    // Fast paths for the shapes of datasets' default patterns; same results as the regex.
    String[] parts = glob.split("/", -1);
    int lit = 0;
    while (lit < parts.length && !hasMagic(parts[lit]) && !parts[lit].isEmpty()) {
      lit++;
    }
    int rest = parts.length - lit;
    String prefix =
        lit == 0 ? "" : String.join("/", java.util.Arrays.asList(parts).subList(0, lit)) + "/";
    if (rest == 2 && parts[lit].equals("**") && isPlainComponent(parts[lit + 1])) {
      return new Glob(glob, regex, Shape.BASENAME, prefix, parts[lit + 1]);
    }
    if (rest == 3
        && parts[lit].equals("**")
        && parts[lit + 2].equals("**")
        && isPlainComponent(parts[lit + 1])) {
      return new Glob(glob, regex, Shape.FOLDER, prefix, parts[lit + 1]);
    }
    return new Glob(glob, regex, Shape.GENERAL, "", null);
  }

  private static boolean isPlainComponent(String part) {
    return !part.isEmpty() && !part.contains("**");
  }

  private static Pattern componentPattern(String part) {
    StringBuilder b = new StringBuilder();
    if (part.equals("*")) {
      b.append(NOT_SEP).append('+');
    } else {
      translateComponent(part, b);
    }
    return Pattern.compile(b.toString(), Pattern.DOTALL);
  }

  /** True if the pattern contains a wildcard ({@code *}, {@code ?} or {@code [}). */
  public static boolean hasMagic(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
  }

  /** Whether the whole path matches. */
  public boolean matches(String path) {
    switch (shape) {
      case BASENAME:
        {
          if (!path.startsWith(prefix)) {
            return false;
          }
          int slash = path.lastIndexOf('/');
          if (slash >= prefix.length() && slash == path.length() - 1) {
            return false;
          }
          if (slash < prefix.length() - 1) {
            return false;
          }
          return componentMatches(path.substring(slash + 1));
        }
      case FOLDER:
        {
          if (!path.startsWith(prefix)) {
            return false;
          }
          int start = prefix.length();
          int slash;
          while ((slash = path.indexOf('/', start)) >= 0) {
            if (componentMatches(path.substring(start, slash))) {
              return true;
            }
            start = slash + 1;
          }
          return false;
        }
      default:
        return regex.matcher(path).matches();
    }
  }

  /** Matches with the plain regex, bypassing fast paths (for tests). */
  boolean matchesByRegex(String path) {
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
