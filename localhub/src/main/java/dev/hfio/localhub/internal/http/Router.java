package dev.hfio.localhub.internal.http;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the route of a request: the first row of the table whose pattern matches the raw path and
 * which accepts the method (HEAD is accepted by GET routes). Each pattern walks the segments once,
 * so matching is linear in the path length times the (fixed) number of routes, whatever the path
 * holds. No match is a 404 "No route".
 */
final class Router {
  /** A route with what its pattern captured. */
  record Match(Route route, RouteParams params) {}

  private final List<Route> routes;
  private final Set<String> reserved = new HashSet<>();

  Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
    for (Route r : routes) {
      String first = r.pattern().firstLiteral();
      if (first != null) {
        reserved.add(first);
      }
    }
  }

  List<Route> routes() {
    return routes;
  }

  Match match(String method, List<String> raw) {
    if (raw.isEmpty()) {
      return null;
    }
    for (Route r : routes) {
      if (!r.accepts(method)) {
        continue;
      }
      RouteParams p = r.pattern().match(raw, reserved);
      if (p != null) {
        if (r.keyAtMatch()) {
          p.key();
        }
        return new Match(r, p);
      }
    }
    return null;
  }
}
