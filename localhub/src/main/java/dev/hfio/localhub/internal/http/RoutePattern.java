package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.storage.RepoType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A path pattern of the route table, matched against the raw (still percent-encoded) path segments.
 * Segments: a literal; {@code {type?}} the optional repo-type prefix of web paths ({@code
 * datasets}, {@code spaces}, absent for models; a first segment that is a literal of another route
 * is never a namespace); {@code {type}s} the plural type of API paths; {@code {ns}} and {@code
 * {name}} (percent-decoded), {@code {name}.git}; {@code {x}} one raw segment; {@code {x...}} the
 * raw remaining segments (zero or more; last only; revisions and paths split later by {@link
 * RevPath}). Matching walks the segments once, without backtracking.
 */
final class RoutePattern {
  private static final Map<String, RepoType> PREFIXES =
      Map.of("datasets", RepoType.DATASET, "spaces", RepoType.SPACE);

  private enum Kind {
    LITERAL,
    TYPE_PREFIX,
    TYPE_PLURAL,
    NS,
    NAME,
    NAME_GIT,
    VAR,
    REST
  }

  private record Seg(Kind kind, String text) {}

  private final String source;
  private final List<Seg> segs;

  private RoutePattern(String source, List<Seg> segs) {
    this.source = source;
    this.segs = segs;
  }

  static RoutePattern parse(String pattern) {
    List<Seg> segs = new ArrayList<>();
    String[] parts = pattern.substring(1).split("/");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      Seg s;
      if (p.equals("{type?}") && i == 0) {
        s = new Seg(Kind.TYPE_PREFIX, null);
      } else if (p.equals("{type}s")) {
        s = new Seg(Kind.TYPE_PLURAL, null);
      } else if (p.equals("{ns}")) {
        s = new Seg(Kind.NS, null);
      } else if (p.equals("{name}")) {
        s = new Seg(Kind.NAME, null);
      } else if (p.equals("{name}.git")) {
        s = new Seg(Kind.NAME_GIT, null);
      } else if (p.startsWith("{") && p.endsWith("...}") && i == parts.length - 1) {
        s = new Seg(Kind.REST, p.substring(1, p.length() - 4));
      } else if (p.startsWith("{") && p.endsWith("}") && p.indexOf('.') < 0) {
        s = new Seg(Kind.VAR, p.substring(1, p.length() - 1));
      } else if (!p.isEmpty() && p.indexOf('{') < 0 && p.indexOf('}') < 0) {
        s = new Seg(Kind.LITERAL, p);
      } else {
        throw new IllegalArgumentException("bad route pattern " + pattern);
      }
      segs.add(s);
    }
    return new RoutePattern(pattern, List.copyOf(segs));
  }

  /** The literal first segment, or null when the pattern starts with a variable. */
  String firstLiteral() {
    Seg s = segs.get(0);
    return s.kind() == Kind.LITERAL ? s.text() : null;
  }

  /**
   * Matches {@code raw} (the request's non-empty raw segments); {@code reserved} are first segments
   * that belong to literal routes and so are never a model namespace. Returns the captures, or
   * null.
   */
  RouteParams match(List<String> raw, Set<String> reserved) {
    int n = raw.size();
    int i = 0;
    RepoType type = null;
    String ns = null;
    String name = null;
    Map<String, String> vars = null;
    List<String> rest = List.of();
    for (Seg s : segs) {
      switch (s.kind()) {
        case TYPE_PREFIX -> {
          if (i < n && PREFIXES.containsKey(raw.get(i))) {
            type = PREFIXES.get(raw.get(i++));
          } else if (i < n && reserved.contains(raw.get(i))) {
            return null;
          } else {
            type = RepoType.MODEL;
          }
        }
        case REST -> {
          rest = raw.subList(i, n);
          i = n;
        }
        default -> {
          if (i >= n) {
            return null;
          }
          String seg = raw.get(i++);
          switch (s.kind()) {
            case LITERAL -> {
              if (!seg.equals(s.text())) {
                return null;
              }
            }
            case TYPE_PLURAL -> {
              type = RepoType.fromPlural(seg);
              if (type == null) {
                return null;
              }
            }
            case NS -> ns = Exchange.decode(seg);
            case NAME -> name = Exchange.decode(seg);
            case NAME_GIT -> {
              String decoded = Exchange.decode(seg);
              if (!decoded.endsWith(".git")) {
                return null;
              }
              name = decoded.substring(0, decoded.length() - 4);
            }
            case VAR -> {
              if (vars == null) {
                vars = new java.util.HashMap<>(2);
              }
              vars.put(s.text(), seg);
            }
            default -> throw new IllegalStateException();
          }
        }
      }
    }
    if (i != n) {
      return null;
    }
    return new RouteParams(type, ns, name, vars == null ? Map.of() : vars, rest);
  }

  @Override
  public String toString() {
    return source;
  }
}
