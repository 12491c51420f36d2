package dev.hfio.localhub.internal.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * One gitattributes glob compiled to a small automaton and matched by simulating all its states at
 * once, so a match costs at most (tokens + 1) x (path length + 1) steps whatever the pattern:
 * unlike backtracking wildmatch, a crafted {@code *a*a*a*...b} cannot take exponential time.
 * Semantics (git's wildmatch with {@code WM_PATHNAME}): {@code *} and {@code ?} and {@code [...]}
 * never match {@code /}; {@code **}{@code /} at the start or after a {@code /} matches zero or more
 * whole directories; a trailing {@code /**} matches everything inside; {@code \x} is a literal x;
 * other runs of stars act as one {@code *}.
 */
final class Glob {
  private static final int LIT = 0;
  private static final int ONE = 1; // ?
  private static final int CLASS = 2; // [...]
  private static final int STAR = 3; // * within one path segment
  private static final int DIRS = 4; // **/ : zero or more "segment/"
  private static final int ALL = 5; // trailing ** : anything

  private final int[] type;
  private final char[] lit;
  private final CharClass[] cls;

  private Glob(int[] type, char[] lit, CharClass[] cls) {
    this.type = type;
    this.lit = lit;
    this.cls = cls;
  }

  int size() {
    return type.length;
  }

  static Glob compile(String p) {
    List<Integer> types = new ArrayList<>();
    StringBuilder lits = new StringBuilder();
    List<CharClass> classes = new ArrayList<>();
    int n = p.length();
    int i = 0;
    while (i < n) {
      char c = p.charAt(i);
      CharClass cc = null;
      int t;
      char l = 0;
      if (c == '\\' && i + 1 < n) {
        t = LIT;
        l = p.charAt(i + 1);
        i += 2;
      } else if (c == '*') {
        int j = i;
        while (j < n && p.charAt(j) == '*') {
          j++;
        }
        boolean segStart = i == 0 || p.charAt(i - 1) == '/';
        if (j - i >= 2 && segStart && j < n && p.charAt(j) == '/') {
          t = DIRS;
          i = j + 1;
        } else if (j - i >= 2 && segStart && j == n) {
          t = ALL;
          i = j;
        } else {
          t = STAR;
          i = j;
        }
        if (!types.isEmpty() && types.get(types.size() - 1) == t && t != LIT) {
          continue; // "**/**/" or "*" after "*": same language, fewer states
        }
      } else if (c == '?') {
        t = ONE;
        i++;
      } else if (c == '[') {
        int[] end = new int[1];
        cc = CharClass.parse(p, i + 1, end);
        if (cc == null) {
          t = LIT;
          l = '[';
          i++;
        } else {
          t = CLASS;
          i = end[0];
        }
      } else {
        t = LIT;
        l = c;
        i++;
      }
      types.add(t);
      lits.append(l);
      classes.add(cc);
    }
    int[] type = new int[types.size()];
    for (int k = 0; k < type.length; k++) {
      type[k] = types.get(k);
    }
    return new Glob(type, lits.toString().toCharArray(), classes.toArray(new CharClass[0]));
  }

  /**
   * Simulates the automaton over {@code s}; states 0..T are "before token k", T+1+k is "inside a
   * DIRS segment".
   */
  boolean matches(String s) {
    int t = type.length;
    boolean[] cur = new boolean[2 * (t + 1)];
    boolean[] next = new boolean[cur.length];
    cur[0] = true;
    closure(cur);
    for (int pos = 0; pos < s.length(); pos++) {
      char c = s.charAt(pos);
      java.util.Arrays.fill(next, false);
      boolean any = false;
      for (int k = 0; k < t; k++) {
        if (cur[k]) {
          switch (type[k]) {
            case LIT -> {
              if (lit[k] == c) {
                next[k + 1] = any = true;
              }
            }
            case ONE -> {
              if (c != '/') {
                next[k + 1] = any = true;
              }
            }
            case CLASS -> {
              if (c != '/' && cls[k].matches(c)) {
                next[k + 1] = any = true;
              }
            }
            case STAR -> {
              if (c != '/') {
                next[k] = any = true;
              }
            }
            case DIRS -> {
              next[c == '/' ? k : t + 1 + k] = any = true;
            }
            default -> next[k] = any = true; // ALL
          }
        }
        if (cur[t + 1 + k]) {
          next[c == '/' ? k : t + 1 + k] = any = true;
        }
      }
      if (!any) {
        return false;
      }
      boolean[] x = cur;
      cur = next;
      next = x;
      closure(cur);
    }
    return cur[t];
  }

  /**
   * Tokens that may match the empty string let the automaton skip ahead; they only point forward.
   */
  private void closure(boolean[] st) {
    for (int k = 0; k < type.length; k++) {
      if (st[k] && (type[k] == STAR || type[k] == DIRS || type[k] == ALL)) {
        st[k + 1] = true;
      }
    }
  }

  /** A bracket expression: ranges, single characters, a few POSIX classes, optional negation. */
  private static final class CharClass {
    private final List<char[]> ranges = new ArrayList<>();
    private boolean negated;

    /** Parses from just after '['; null when there is no closing ']' (then '[' is a literal). */
    static CharClass parse(String p, int from, int[] end) {
      CharClass cc = new CharClass();
      int i = from;
      int n = p.length();
      if (i < n && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
        cc.negated = true;
        i++;
      }
      boolean first = true;
      while (i < n) {
        char c = p.charAt(i);
        if (c == ']' && !first) {
          end[0] = i + 1;
          return cc;
        }
        first = false;
        if (c == '[' && i + 1 < n && p.charAt(i + 1) == ':') {
          int close = p.indexOf(":]", i + 2);
          if (close > 0 && cc.posix(p.substring(i + 2, close))) {
            i = close + 2;
            continue;
          }
        }
        if (c == '\\' && i + 1 < n) {
          c = p.charAt(++i);
        }
        if (i + 2 < n && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
          char hi = p.charAt(i + 2);
          if (hi == '\\' && i + 3 < n) {
            hi = p.charAt(i + 3);
            i++;
          }
          cc.ranges.add(new char[] {c, hi});
          i += 3;
        } else {
          cc.ranges.add(new char[] {c, c});
          i++;
        }
      }
      return null;
    }

    private boolean posix(String name) {
      String chars =
          switch (name) {
            case "alpha" -> "azAZ";
            case "digit" -> "09";
            case "alnum" -> "azAZ09";
            case "upper" -> "AZ";
            case "lower" -> "az";
            case "xdigit" -> "09afAF";
            case "space" -> "\t\r  ";
            default -> null;
          };
      if (chars == null) {
        return false;
      }
      for (int k = 0; k < chars.length(); k += 2) {
        ranges.add(new char[] {chars.charAt(k), chars.charAt(k + 1)});
      }
      if (name.equals("space")) {
        ranges.add(new char[] {'\n', '\f'});
      }
      return true;
    }

    boolean matches(char c) {
      boolean in = false;
      for (char[] r : ranges) {
        if (c >= r[0] && c <= r[1]) {
          in = true;
          break;
        }
      }
      return in != negated;
    }
  }
}
